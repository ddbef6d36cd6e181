import { databaseEnv, loadEnvOrExit } from '@datadrill/core';
import { z } from 'zod';
import { connectDatabase, ensureDatabase } from '../repositories/connect.js';
import { migrateToLatest } from '../repositories/migrations/index.js';

const env = loadEnvOrExit(z.object(databaseEnv));
await ensureDatabase(env.DATABASE_URL);
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.destroy();
}
