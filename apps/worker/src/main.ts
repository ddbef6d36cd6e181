import { createLogger, loadDotEnv, loadEnvOrExit } from '@datadrill/core';
import { createChallengeCatalog } from './db/challenge-catalog.js';
import { connectDatabase } from './db/connect.js';
import { createInteractionStore } from './db/interaction-store.js';
import { workerEnvSchema } from './env.js';
import { startInboundWorker } from './queue/inbound-worker.js';
import { workerConnection } from './queue/redis.js';
import { createTwilioMessenger } from './twilio/twilio-messenger.js';

loadDotEnv();
const env = loadEnvOrExit(workerEnvSchema);
const log = createLogger({ name: 'worker', level: env.LOG_LEVEL });
const db = connectDatabase(env.DATABASE_URL, { min: 1, max: Math.min(env.WORKER_CONCURRENCY, 20) });
const connection = workerConnection(env.REDIS_URL);

const worker = startInboundWorker(
  {
    store: createInteractionStore(db),
    catalog: createChallengeCatalog(db),
    messenger: createTwilioMessenger({
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      from: env.TWILIO_WHATSAPP_FROM,
      apiUrl: env.TWILIO_API_URL,
    }),
    clock: { now: () => new Date() },
    log,
    dailyLimit: env.DAILY_CHALLENGE_LIMIT,
  },
  { connection, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY, log },
);

worker.on('ready', () => log.info({ concurrency: env.WORKER_CONCURRENCY }, 'worker ready'));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    log.warn({ signal }, 'second signal, exiting now');
    process.exit(1);
  }
  stopping = true;
  log.info({ signal }, 'shutting down: finishing in-flight jobs');
  await worker.close();
  await db.destroy();
  await connection.quit();
  log.info('worker stopped');
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
