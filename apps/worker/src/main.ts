import { createLogger, loadDotEnv, loadEnvOrExit, QueueName } from '@datadrill/core';
import { mysqlCheck, redisCheck, registerQueueGauges } from '@datadrill/ops';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createChallengeCatalog } from './db/challenge-catalog.js';
import { connectDatabase } from './db/connect.js';
import { createInteractionStore } from './db/interaction-store.js';
import { workerEnvSchema } from './env.js';
import { buildHealthServer } from './health-server.js';
import { createWorkerMetrics } from './metrics.js';
import { startInboundWorker } from './queue/inbound-worker.js';
import { workerConnection } from './queue/redis.js';
import { createTwilioMessenger } from './twilio/twilio-messenger.js';

loadDotEnv();
const env = loadEnvOrExit(workerEnvSchema);
const log = createLogger({ name: 'worker', level: env.LOG_LEVEL });
const db = connectDatabase(env.DATABASE_URL, { min: 1, max: Math.min(env.WORKER_CONCURRENCY, 20) });
const connection = workerConnection(env.REDIS_URL);
// Probes and queue gauges use their own connection, which answers (or fails) at once.
const probe = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1500 });
probe.on('error', () => {});
const metrics = createWorkerMetrics();
registerQueueGauges(metrics.registry, [new Queue(QueueName.inbound, { connection: probe, prefix: env.QUEUE_PREFIX })]);

const worker = startInboundWorker(
  {
    store: createInteractionStore(db),
    catalog: createChallengeCatalog(db),
    messenger: createTwilioMessenger(
      {
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: env.TWILIO_AUTH_TOKEN,
        from: env.TWILIO_WHATSAPP_FROM,
        apiUrl: env.TWILIO_API_URL,
      },
      (seconds, errorCode) => {
        metrics.twilioSendSeconds.observe({ result: errorCode ? 'error' : 'ok' }, seconds);
        if (errorCode) metrics.twilioErrors.inc({ code: errorCode });
      },
    ),
    clock: { now: () => new Date() },
    log,
    dailyLimit: env.DAILY_CHALLENGE_LIMIT,
  },
  { connection, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY, log, metrics },
);
worker.on('ready', () => log.info({ concurrency: env.WORKER_CONCURRENCY }, 'worker ready'));

const health =
  env.WORKER_HEALTH_PORT === undefined
    ? undefined
    : buildHealthServer(
        {
          redis: redisCheck(probe),
          mysql: mysqlCheck(env.DATABASE_URL),
          worker: async () => {
            if (!worker.isRunning()) throw new Error('worker is not running');
          },
        },
        metrics.registry,
      );
if (health) {
  const url = await health.listen({ port: env.WORKER_HEALTH_PORT, host: env.WORKER_HEALTH_HOST });
  log.info(`health server listening at ${url}`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    log.warn({ signal }, 'second signal, exiting now');
    process.exit(1);
  }
  stopping = true;
  log.info({ signal }, 'shutting down: finishing in-flight jobs');
  await worker.close();
  await health?.close();
  await db.destroy();
  await connection.quit();
  probe.disconnect();
  log.info('worker stopped');
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
