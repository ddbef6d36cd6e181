import { mysqlSettings, type ReplicaRouting } from '@datadrill/ops';
import knex, { type Knex } from 'knex';

/**
 * One pool per process. Dates are read and written in UTC so the rolling quota window
 * means the same thing on every host whatever its time zone. Multiple statements per packet let a
 * learner's turn take two round trips; every value still goes through bindings, never the SQL text.
 */
export function connectDatabase(databaseUrl: string, pool = { min: 0, max: 10 }): Knex {
  return connectServer(databaseUrl, databaseName(databaseUrl), pool);
}

/**
 * The pool for reads that need no learner's lock (the challenge catalog), on the server `routing`
 * chooses: the replica while it answers, else the primary. Read only, so a write sent here by
 * mistake fails on either server.
 */
export function connectReads(routing: ReplicaRouting, pool = { min: 0, max: 4 }): Knex {
  return knex({
    client: 'mysql2',
    connection: routing.connection,
    pool: {
      ...pool,
      validate: routing.validate,
      afterCreate: (
        connection: { query: (sql: string, done: (error: Error | null) => void) => void },
        done: (error: Error | null, connection: unknown) => void,
      ) => connection.query('SET SESSION TRANSACTION READ ONLY', (error) => done(error, connection)),
    },
  });
}

/** The server of `databaseUrl`, on `database` or (undefined) on none. */
function connectServer(databaseUrl: string, database: string | undefined, pool: { min: number; max: number }): Knex {
  return knex({
    client: 'mysql2',
    connection: { ...mysqlSettings(databaseUrl, database), multipleStatements: true },
    pool,
  });
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!/^\w+$/.test(name)) throw new Error(`DATABASE_URL must name a database (letters, digits, _), got "${name}"`);
  return name;
}

/**
 * Creates the database on a fresh server so `pnpm db:migrate` is the only set-up step. Connects to
 * no database in particular: a migration user may have rights on its own database only.
 */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const admin = connectServer(databaseUrl, undefined, { min: 0, max: 1 });
  try {
    await admin.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [name]);
  } finally {
    await admin.destroy();
  }
}
