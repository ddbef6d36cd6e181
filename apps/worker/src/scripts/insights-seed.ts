import { databaseEnv, isTimeZone, loadDotEnv, loadEnvOrExit } from '@datadrill/core';
import { z } from 'zod';
import { loadLibrary } from '../challenges/load-library.js';
import { connectDatabase, ensureDatabase } from '../repositories/connect.js';
import { rollUpInsights } from '../repositories/insights-rollup.js';
import { migrateToLatest } from '../repositories/migrations/index.js';
import { syncChallenges } from '../repositories/sync-challenges.js';
import { writeSeed } from '../seed/write-seed.js';

/**
 * `pnpm insights:seed [--learners=50000] [--interactions=1000000] [--days=90]`: a simulated school in
 * an empty database (DATABASE_URL; it is created, migrated and given the library first), for the
 * dashboard's benchmark and for trying the dashboard out, its daily summaries rolled up. Refuses a
 * database that has learners.
 */
loadDotEnv();
const env = loadEnvOrExit(
  z.object({
    ...databaseEnv,
    CHALLENGES_DIR: z.string().default('challenges'),
    SCHOOL_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'an IANA time zone'),
  }),
);
const argument = (name: string, otherwise: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? otherwise);
const options = {
  learners: argument('learners', 50_000),
  interactions: argument('interactions', 1_000_000),
  days: argument('days', 90),
};
await ensureDatabase(env.DATABASE_URL);
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 5 });
try {
  await migrateToLatest(db);
  await syncChallenges(db, (await loadLibrary(env.CHALLENGES_DIR)).challenges);
  const started = Date.now();
  const written = await writeSeed(db, {
    ...options,
    progress: (counts) => console.log(`  ${JSON.stringify(counts)}`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `seeded in ${seconds} s: ${Object.entries(written)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ')}`,
  );
  // The dashboard reads daily summaries: roll them up now rather than wait for a worker's first run.
  const now = new Date();
  await rollUpInsights(db, { zone: env.SCHOOL_TIMEZONE, now, full: true });
  console.log(`summaries rolled up in ${((Date.now() - now.getTime()) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
