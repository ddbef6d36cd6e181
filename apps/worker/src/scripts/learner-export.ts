import { databaseEnv, loadEnvOrExit, normaliseNumber } from '@datadrill/core';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { connectDatabase } from '../repositories/connect.js';
import { createPrivacyRepository } from '../repositories/privacy-repository.js';
import { countryEnv } from './country-env.js';

// pnpm learner:export <phone>: everything kept about one learner, as JSON on stdout (an access request).
const env = loadEnvOrExit(z.object({ ...databaseEnv, ...countryEnv }));
const phone = normaliseNumber(process.argv[2] ?? '', env.DEFAULT_COUNTRY as CountryCode | undefined);
if (typeof phone !== 'string') {
  console.error(`usage: pnpm learner:export <phone> (${phone.refused})`);
  process.exit(2);
}
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
try {
  const tables = await createPrivacyRepository(db).export(phone);
  process.stdout.write(
    `${JSON.stringify({ phone: `+${phone}`, exportedAt: new Date().toISOString(), tables }, null, 2)}\n`,
  );
} finally {
  await db.destroy();
}
