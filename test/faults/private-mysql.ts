import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort, ownServer } from './own-server.js';

/**
 * A MariaDB server of the scenario's own, in a temporary data directory, so it can be killed and
 * restarted. `logging` replaces the default of no binary log (a replication primary needs one).
 */
export async function startPrivateMysql(logging: readonly string[] = ['--skip-log-bin']) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dd-mariadb-'));
  const datadir = `--datadir=${join(dir, 'data')}`;
  execFileSync('mariadb-install-db', [
    '--no-defaults',
    datadir,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  const server = await ownServer(
    '/usr/sbin/mariadbd',
    [
      '--no-defaults',
      datadir,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'sock')}`,
      '--user=root',
      ...logging,
      '--innodb-buffer-pool-size=32M',
    ],
    async () => {
      try {
        await (await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' })).end();
        return true;
      } catch {
        return false;
      }
    },
    () => rmSync(dir, { recursive: true, force: true }),
  );
  return { url: `mysql://root@127.0.0.1:${port}`, ...server };
}
