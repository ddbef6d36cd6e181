import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { loadLibrary } from '../../apps/worker/src/challenges/load-library.js';
import { connectDatabase, ensureDatabase } from '../../apps/worker/src/repositories/connect.js';
import { migrateToLatest } from '../../apps/worker/src/repositories/migrations/index.js';
import { syncChallenges } from '../../apps/worker/src/repositories/sync-challenges.js';

const SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabase {
  url: string;
  db: Knex;
  drop(): Promise<void>;
}

/** A database of its own for one test file: migrated, loaded with the library, dropped afterwards. */
export async function createTestDatabase(label: string, serverUrl = SERVER_URL): Promise<TestDatabase> {
  const name = `dd_test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const url = `${serverUrl}/${name}`;
  await ensureDatabase(url);
  const db = connectDatabase(url, { min: 0, max: 4 });
  await migrateToLatest(db);
  await syncChallenges(db, (await loadLibrary('challenges')).challenges);
  return {
    url,
    db,
    async drop() {
      await db.raw('DROP DATABASE IF EXISTS ??', [name]);
      await db.destroy();
    },
  };
}
