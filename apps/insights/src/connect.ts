import { mysqlSettings } from '@datadrill/ops';
import knex, { type Knex } from 'knex';

/**
 * The dashboard's own pool, read only: every connection starts with SET SESSION TRANSACTION READ
 * ONLY, so a write is refused by MySQL whatever the user's grants (give it a SELECT-only user too).
 * Dates in UTC, as the bot writes them.
 */
export function connectReadOnly(databaseUrl: string, pool = { min: 0, max: 6 }): Knex {
  return knex({
    client: 'mysql2',
    connection: mysqlSettings(databaseUrl, decodeURIComponent(new URL(databaseUrl).pathname.slice(1))),
    pool: {
      ...pool,
      afterCreate: (
        connection: { query: (sql: string, done: (error: Error | null) => void) => void },
        done: (error: Error | null, connection: unknown) => void,
      ) => connection.query('SET SESSION TRANSACTION READ ONLY', (error) => done(error, connection)),
    },
  });
}
