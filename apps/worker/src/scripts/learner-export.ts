import { databaseEnv, loadEnvOrExit } from '@datadrill/core';
import { z } from 'zod';
import { connectDatabase } from '../repositories/connect.js';
import { createPrivacyRepository } from '../repositories/privacy-repository.js';
import { countryEnv, phoneArgument } from './learner-arguments.js';

// pnpm learner:export <phone>: everything kept about one learner, as JSON on stdout (an access request).
const env = loadEnvOrExit(z.object({ ...databaseEnv, ...countryEnv }));
const phone = phoneArgument('learner:export', env.DEFAULT_COUNTRY);
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
try {
  const tables = await createPrivacyRepository(db).export(phone);
  process.stdout.write(
    `${JSON.stringify({ phone: `+${phone}`, exportedAt: new Date().toISOString(), tables }, null, 2)}\n`,
  );
} finally {
  await db.destroy();
}
