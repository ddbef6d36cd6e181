import type { FakeTwilio } from '@datadrill/fake-twilio';
import { type WorkerEnv, workerEnvSchema } from '../../apps/worker/src/env.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER } from './bot-stack.js';
import type { TestDatabase } from './test-database.js';
import { TEST_REDIS_URL, type TestQueue } from './test-queue.js';

/** A worker's configuration for `buildWorker` in the test process: this file's database, queues and fake Twilio. */
export function inProcessWorkerEnv(
  database: TestDatabase,
  queue: TestQueue,
  twilio: FakeTwilio,
  extra: Record<string, string> = {},
): WorkerEnv {
  return workerEnvSchema.parse({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queue.prefix,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_WHATSAPP_FROM: BOT_NUMBER,
    TWILIO_API_URL: twilio.url,
    ...extra,
  });
}
