import { readFile } from 'node:fs/promises';
import { databaseEnv, loadEnvOrExit, readRoster } from '@datadrill/core';
import { parse } from 'csv-parse/sync';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { connectDatabase } from '../repositories/connect.js';
import { createRosterRepository } from '../repositories/roster-repository.js';
import { countryEnv } from './learner-arguments.js';

// pnpm learners:import <file.csv>: the roster from the access form's CSV export. Idempotent; exits
// non-zero only when the file cannot be read (refused rows are reported, not fatal).
const env = loadEnvOrExit(z.object({ ...databaseEnv, ...countryEnv }));
const file = process.argv[2];
if (!file) {
  console.error('usage: pnpm learners:import <file.csv>');
  process.exit(2);
}
let rows: string[][];
try {
  rows = parse(await readFile(file, 'utf8'), { bom: true, relaxColumnCount: true, skipEmptyLines: false });
} catch (error) {
  console.error(`cannot read ${file}: ${(error as Error).message}`);
  process.exit(1);
}
const { entries, refused } = readRoster(rows, env.DEFAULT_COUNTRY as CountryCode | undefined);
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
try {
  const { added, updated } = await createRosterRepository(db).upsert(entries, new Date());
  console.log(`roster: ${added} added, ${updated} updated, ${refused.length} refused`);
  for (const { line, reason } of refused) console.log(`  line ${line}: ${reason}`);
} finally {
  await db.destroy();
}
