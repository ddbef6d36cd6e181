import { databaseEnv, loadEnvOrExit } from '@datadrill/core';
import { z } from 'zod';
import { connectDatabase } from '../repositories/connect.js';
import { createRosterRepository } from '../repositories/roster-repository.js';
import { countryEnv, phoneArgument } from './learner-arguments.js';

// pnpm learners:remove <phone>: takes one number off the roster.
const env = loadEnvOrExit(z.object({ ...databaseEnv, ...countryEnv }));
const phone = phoneArgument('learners:remove', env.DEFAULT_COUNTRY);
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
try {
  const removed = await createRosterRepository(db).remove(phone);
  console.log(removed ? `removed +${phone} from the roster` : `+${phone} was not on the roster`);
} finally {
  await db.destroy();
}
