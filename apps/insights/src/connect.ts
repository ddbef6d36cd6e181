import { mysqlSettings, type ReplicaRouting } from '@datadrill/ops';
import knex, { type Knex } from 'knex';

/**
 * The dashboard's own pool, read only: every connection starts with SET SESSION TRANSACTION READ
 * ONLY, so a write is refused by MySQL whatever the user's grants (give it a SELECT-only user too).
 * Dates in UTC, as the bot writes them.
 */
export function connectReadOnly(databaseUrl: string, pool = { min: 0, max: 6 }, routing?: ReplicaRouting): Knex {
  const database = databaseOf(databaseUrl);
  return knex({
    client: 'mysql2',
    // A replica with the primary behind it: the server `routing` chooses, the primary while the replica is silent.
    connection: routing?.connection ?? mysqlSettings(databaseUrl, database),
    pool: {
      ...pool,
      ...(routing && { validate: routing.validate }),
      afterCreate: (
        connection: { query: (sql: string, done: (error: Error | null) => void) => void },
        done: (error: Error | null, connection: unknown) => void,
      ) => connection.query('SET SESSION TRANSACTION READ ONLY', (error) => done(error, connection)),
    },
  });
}

export const databaseOf = (databaseUrl: string) => decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
