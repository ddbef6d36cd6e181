import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { waitFor } from '../support/wait-for.js';
import { freePort, ownServer } from './own-server.js';

/** A Redis of the scenario's own, with AOF fsynced on every write, so a kill loses nothing it acknowledged. */
export async function startPrivateRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dd-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes'];
  const server = await ownServer(
    'redis-server',
    [...args, '--appendfsync', 'always', '--dir', dir],
    async () => {
      const probe = new Redis(port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    },
    () => rmSync(dir, { recursive: true, force: true }),
  );
  return { url: `redis://127.0.0.1:${port}`, ...server };
}

/**
 * A real Redis Cluster of three masters on loopback, no replicas and no persistence, each in a
 * temporary directory: `redis-server --cluster-enabled yes` ×3, `redis-cli --cluster create`,
 * then every node waits for cluster_state:ok. `nodes` is as REDIS_CLUSTER_NODES takes it.
 */
export async function startPrivateRedisCluster(masters = 3) {
  const ports = await distinctFreePorts(masters);
  const dirs: string[] = [];
  const servers = await Promise.all(
    ports.map(async (port) => {
      const dir = mkdtempSync(join(tmpdir(), 'dd-redis-cluster-'));
      dirs.push(dir);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      const cluster = ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--dir', dir];
      return ownServer(
        'redis-server',
        [...args, ...cluster],
        () => answers(port, 'PONG'),
        () => {},
      );
    }),
  );
  const nodes = ports.map((port) => `127.0.0.1:${port}`);
  const create = spawnSync('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
  await waitFor('cluster_state:ok on every node', async () => {
    const states = await Promise.all(ports.map((port) => answers(port, 'cluster_state:ok')));
    return states.every(Boolean);
  });
  return {
    nodes: nodes.join(','),
    ports,
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether the Redis on `port` answers PING (`PONG`) or has `cluster_state:ok` in CLUSTER INFO. */
async function answers(port: number, expected: 'PONG' | 'cluster_state:ok'): Promise<boolean> {
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    if (expected === 'PONG') return (await probe.ping()) === 'PONG';
    return String(await probe.cluster('INFO')).includes(expected);
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Cluster nodes also listen on port + 10000 (the bus): ports whose bus ports are free too. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = await freePort();
    if (port < 55_000 && !ports.has(port + 10_000) && (await portFree(port + 10_000))) ports.add(port);
  }
  return [...ports];
}

async function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
