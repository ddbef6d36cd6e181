import { databaseEnv, loadEnvOrExit, normaliseNumber } from '@datadrill/core';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { connectDatabase } from '../repositories/connect.js';
import { createRosterRepository } from '../repositories/roster-repository.js';
import { countryEnv } from './country-env.js';

// pnpm learners:remove <phone>: takes one number off the roster.
const env = loadEnvOrExit(z.object({ ...databaseEnv, ...countryEnv }));
const phone = normaliseNumber(process.argv[2] ?? '', env.DEFAULT_COUNTRY as CountryCode | undefined);
if (typeof phone !== 'string') {
  console.error(`usage: pnpm learners:remove <phone> (${phone.refused})`);
  process.exit(2);
}
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
try {
  const removed = await createRosterRepository(db).remove(phone);
  console.log(removed ? `removed +${phone} from the roster` : `+${phone} was not on the roster`);
} finally {
  await db.destroy();
}
