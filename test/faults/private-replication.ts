import mysql from 'mysql2/promise';
import { waitFor } from '../support/wait-for.js';
import { startPrivateMysql } from './private-mysql.js';

export type PrivateMysql = Awaited<ReturnType<typeof startPrivateMysql>>;

/**
 * A MariaDB primary and a replica of it, each a private `mariadbd` on a free loopback port: binary
 * log in rows (so the replica's Com_insert counts clients' writes only, not the ones it applies) and
 * GTID replication from the primary's first transaction.
 */
export async function startReplicatedMysql(): Promise<{
  primary: PrivateMysql;
  replica: PrivateMysql;
  stop(): Promise<void>;
}> {
  const primary = await startPrivateMysql(['--server-id=1', '--log-bin=primary-bin', '--userstat=1']);
  const replica = await startPrivateMysql([
    '--server-id=2',
    '--log-bin=replica-bin',
    '--relay-log=replica-relay',
    '--userstat=1',
  ]);
  const port = Number(new URL(primary.url).port);
  await query(replica.url, [
    `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos`,
    'START SLAVE',
  ]);
  await waitFor('the replica to follow the primary', async () => {
    const [status] = await query(replica.url, ['SHOW SLAVE STATUS']);
    const row = (status as Array<Record<string, string>>)[0];
    return row?.Slave_IO_Running === 'Yes' && row.Slave_SQL_Running === 'Yes';
  });
  // The apps' own user, made on the primary and so on the replica, to tell their statements apart.
  await query(primary.url, [`CREATE USER '${APP_USER}'@'%'`, `GRANT ALL PRIVILEGES ON *.* TO '${APP_USER}'@'%'`]);
  await caughtUp(primary, replica);
  return {
    primary,
    replica,
    async stop() {
      await Promise.all([replica.stop(), primary.stop()]);
    },
  };
}

/** Runs `statements` in order on the server of `url` (on its database, if it names one). */
export async function query(url: string, statements: readonly string[]): Promise<unknown[]> {
  const { hostname, port, username, pathname } = new URL(url);
  const database = pathname.slice(1) || undefined;
  const connection = await mysql.createConnection({ host: hostname, port: Number(port), user: username, database });
  try {
    const results: unknown[] = [];
    for (const statement of statements) results.push((await connection.query(statement))[0]);
    return results;
  } finally {
    await connection.end();
  }
}

const APP_USER = 'datadrill';

/** The server of `url` as the apps' user sees it. */
export const asApp = (url: string) => url.replace('//root@', `//${APP_USER}@`);

export interface AppStatements {
  selects: number;
  /** INSERT, UPDATE and DELETE statements. */
  writes: number;
  rowsInserted: number;
}

/**
 * What the apps' user has sent this server since it started (MariaDB's user statistics): the
 * replica's own applier is another user, so rows it copies from the primary do not count.
 */
export async function appStatements(url: string): Promise<AppStatements> {
  const [rows] = await query(url, [
    `SELECT SELECT_COMMANDS AS selects, UPDATE_COMMANDS AS writes, ROWS_INSERTED AS rowsInserted
       FROM information_schema.USER_STATISTICS WHERE USER = '${APP_USER}'`,
  ]);
  const row = (rows as Array<Record<keyof AppStatements, string>>)[0];
  return {
    selects: Number(row?.selects ?? 0),
    writes: Number(row?.writes ?? 0),
    rowsInserted: Number(row?.rowsInserted ?? 0),
  };
}

/** Waits until the replica has applied everything the primary has written so far. */
export async function caughtUp(primary: PrivateMysql, replica: PrivateMysql): Promise<void> {
  const [rows] = await query(primary.url, ['SELECT @@gtid_binlog_pos AS pos']);
  const position = (rows as Array<{ pos: string }>)[0]?.pos ?? '';
  await query(replica.url, [`SELECT MASTER_GTID_WAIT('${position}', 20)`]);
}
