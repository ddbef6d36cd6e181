import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { databaseEnv, joinCode, loadEnvOrExit } from '@datadrill/core';
import { z } from 'zod';
import { connectDatabase } from '../repositories/connect.js';
import { createRosterRepository } from '../repositories/roster-repository.js';

// pnpm cohorts:create <name> [--expires <date>]: prints the code learners send as `join <code>`.
const env = loadEnvOrExit(z.object(databaseEnv));
const { positionals, values } = parseArgs({ allowPositionals: true, options: { expires: { type: 'string' } } });
const name = positionals.join(' ').trim();
const expires = values.expires ? new Date(values.expires) : null;
if (!name || (expires && Number.isNaN(expires.getTime()))) {
  console.error('usage: pnpm cohorts:create <name> [--expires <date, e.g. 2027-06-30>]');
  process.exit(2);
}
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
try {
  const code = joinCode((size) => randomBytes(size));
  await createRosterRepository(db).createCohort(name.slice(0, 120), code, expires, new Date());
  console.log(
    `cohort "${name}": learners join by sending  join ${code}${expires ? ` (until ${expires.toISOString().slice(0, 10)})` : ''}`,
  );
} finally {
  await db.destroy();
}
