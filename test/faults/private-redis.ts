import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
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
