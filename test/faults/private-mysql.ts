import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { waitFor } from '../support/wait-for.js';

/** A MariaDB server of the scenario's own, in a temporary data directory, so it can be killed and restarted. */
export async function startPrivateMysql() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dd-mariadb-'));
  execFileSync('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${join(dir, 'data')}`,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${join(dir, 'data')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'sock')}`,
        '--user=root',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(
      'the private MariaDB to answer',
      async () => {
        try {
          const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
          await connection.end();
          return true;
        } catch {
          return false;
        }
      },
      30_000,
    );
  };
  await start();
  return {
    url: `mysql://root@127.0.0.1:${port}`,
    async kill() {
      const exited = server && once(server, 'exit');
      server?.kill('SIGKILL');
      await exited;
    },
    restart: start,
    async stop() {
      const exited = server && server.exitCode === null ? once(server, 'exit') : undefined;
      server?.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}
