import { checkLibrary, databaseEnv, loadEnvOrExit } from '@datadrill/core';
import { z } from 'zod';
import { loadLibrary } from '../challenges/load-library.js';
import { connectDatabase } from '../repositories/connect.js';
import { syncChallenges } from '../repositories/sync-challenges.js';

/** Codes listed per kind of change at most; more are only counted. */
const LIST_AT_MOST = 10;

const env = loadEnvOrExit(z.object({ ...databaseEnv, CHALLENGES_DIR: z.string().default('challenges') }));
const library = await loadLibrary(env.CHALLENGES_DIR);
const problems = checkLibrary(library);
if (problems.length > 0) {
  for (const problem of problems) console.error(`${problem.file}:${problem.line}: ${problem.message}`);
  console.error(`${problems.length} problem(s) in the library (see pnpm challenges:check); nothing was synced.`);
  process.exit(1);
}
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
try {
  const report = await syncChallenges(db, library.challenges);
  console.log(
    `challenges: ${report.added.length} added, ${report.changed.length} changed, ${report.retired.length} retired, ${report.unchanged} unchanged`,
  );
  // The codes only when few changed: a first load is 315 of them, which nobody reads.
  for (const [label, codes] of [
    ['added', report.added],
    ['changed', report.changed],
    ['retired', report.retired],
  ] as const) {
    if (codes.length > 0 && codes.length <= LIST_AT_MOST) console.log(`  ${label}: ${codes.join(', ')}`);
  }
} finally {
  await db.destroy();
}
