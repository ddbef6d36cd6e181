import {
  applyDeliveryStatus,
  createAnswerDeliveries,
  createLogger,
  deliveryReportSchema,
  loadDotEnv,
  loadEnvOrExit,
  type MentorJob,
  type OutboundJob,
  QueueName,
} from '@datadrill/core';
import {
  mysqlCheck,
  onShutdown,
  redisCheck,
  registerQueueGauges,
  startupCheck,
  verifyRedisPolicy,
  whenReady,
} from '@datadrill/ops';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createChallengeCatalog } from './db/challenge-catalog.js';
import { connectDatabase } from './db/connect.js';
import { createInteractionDeliveries, createInteractionStore } from './db/interaction-store.js';
import { createOutboundStore } from './db/outbound-store.js';
import { createTicketStore } from './db/ticket-store.js';
import { workerEnvSchema } from './env.js';
import { buildHealthServer } from './health-server.js';
import { createWorkerMetrics } from './metrics.js';
import { createDeskQueue, startDeskWorker } from './queue/desk-queue.js';
import { startInboundWorker } from './queue/inbound-worker.js';
import { createOutbox, startOutboundWorker } from './queue/outbound-queue.js';
import { startQueueWorker } from './queue/queue-worker.js';
import { workerConnection } from './queue/redis.js';
import { createSlackChannel } from './slack/slack-channel.js';
import { pacedMessenger } from './twilio/send-pacer.js';
import { createTwilioMessenger } from './twilio/twilio-messenger.js';

loadDotEnv();
const env = loadEnvOrExit(workerEnvSchema);
const log = createLogger({ name: 'worker', level: env.LOG_LEVEL });
const db = connectDatabase(env.DATABASE_URL, { min: 1, max: Math.min(env.WORKER_CONCURRENCY + 10, 30) });
const connection = workerConnection(env.REDIS_URL);
// Probes and queue gauges use their own connection, which answers (or fails) at once.
const probe = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1500 });
probe.on('error', () => {});
await startupCheck(log, async () => {
  await whenReady(probe);
  await verifyRedisPolicy(probe, env.NODE_ENV, log);
});
const metrics = createWorkerMetrics();
const queueOptions = { connection, prefix: env.QUEUE_PREFIX };
const stallOptions = {
  lockDuration: env.WORKER_LOCK_DURATION_MS,
  stalledInterval: env.WORKER_STALLED_INTERVAL_MS,
  maxStalledCount: env.WORKER_MAX_STALLED_COUNT,
};
const outboundQueue = new Queue<OutboundJob>(QueueName.outbound, queueOptions);
const mentorQueue = new Queue<MentorJob>(QueueName.mentor, queueOptions);
for (const queue of [outboundQueue, mentorQueue]) {
  queue.on('error', (error) => log.warn({ queue: queue.name, reason: error.message }, 'queue error'));
}
registerQueueGauges(
  metrics.registry,
  Object.values(QueueName).map((name) => new Queue(name, { connection: probe, prefix: env.QUEUE_PREFIX })),
);

const outbound = createOutboundStore(db);
const outbox = createOutbox(outboundQueue, { attempts: env.JOB_ATTEMPTS, backoffMs: env.JOB_BACKOFF_MS });
const challengeCatalog = createChallengeCatalog(db);
const twilioMessenger = createTwilioMessenger(
  {
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    from: env.TWILIO_WHATSAPP_FROM,
    apiUrl: env.TWILIO_API_URL,
    statusCallback: env.PUBLIC_URL && `${env.PUBLIC_URL}/twilio/status`,
  },
  (seconds, errorCode) => {
    metrics.twilioSendSeconds.observe({ result: errorCode ? 'error' : 'ok' }, seconds);
    if (errorCode) metrics.twilioErrors.inc({ code: errorCode });
  },
);
// One stream of sends per sender, however many worker processes share it.
const messenger = pacedMessenger(twilioMessenger, connection, {
  key: `${env.QUEUE_PREFIX}:pacing:${env.TWILIO_WHATSAPP_FROM}`,
  messagesPerSecond: env.TWILIO_MPS,
});
const interactions = createInteractionDeliveries(db, outbound.markSent, (challenge) =>
  metrics.challengesSent.inc(challenge),
);

const retry = { attempts: env.JOB_ATTEMPTS, backoffMs: env.JOB_BACKOFF_MS };
const tickets = createTicketStore(db);
const deskQueue = createDeskQueue(mentorQueue, retry);
const deskSettings = env.SLACK_MENTOR_CHANNEL && {
  maxOpenTickets: env.MENTOR_MAX_OPEN_TICKETS,
  bumpAfterMs: env.MENTOR_BUMP_AFTER_MINUTES * 60_000,
  answerTemplateSid: env.TWILIO_MENTOR_ANSWER_TEMPLATE_SID,
};
const answers = createAnswerDeliveries({
  tickets,
  outbound,
  outbox,
  queue: deskQueue,
  now: () => new Date(),
  answerTemplateSid: env.TWILIO_MENTOR_ANSWER_TEMPLATE_SID,
});
const outboundDeps = { store: outbound, outbox, messenger, interactions, answers, log };
const workers = [
  startInboundWorker(
    {
      store: createInteractionStore(db),
      catalog: challengeCatalog,
      outbound,
      outbox,
      clock: { now: () => new Date() },
      log,
      dailyLimit: env.DAILY_CHALLENGE_LIMIT,
      desk: deskSettings ? { settings: deskSettings, queue: deskQueue } : undefined,
    },
    { ...queueOptions, ...stallOptions, concurrency: env.WORKER_CONCURRENCY, log, metrics },
  ),
  startOutboundWorker(outboundDeps, {
    ...queueOptions,
    ...stallOptions,
    concurrency: env.OUTBOUND_CONCURRENCY,
    messagesPerSecond: env.TWILIO_MPS,
    log,
    metrics,
  }),
  startQueueWorker(QueueName.status, deliveryReportSchema, (report) => applyDeliveryStatus(outboundDeps, report), {
    ...queueOptions,
    ...stallOptions,
    concurrency: 20,
    log,
    metrics,
  }),
];
if (deskSettings && env.SLACK_BOT_TOKEN && env.SLACK_MENTOR_CHANNEL) {
  const channel = createSlackChannel({
    token: env.SLACK_BOT_TOKEN,
    channel: env.SLACK_MENTOR_CHANNEL,
    apiUrl: env.SLACK_API_URL,
  });
  const deskDeps = {
    tickets,
    channel,
    challenges: challengeCatalog,
    outbound,
    outbox,
    queue: deskQueue,
    clock: { now: () => new Date() },
    log,
    settings: deskSettings,
  };
  workers.push(
    await startDeskWorker(deskDeps, mentorQueue, { ...queueOptions, ...stallOptions, concurrency: 10, log, metrics }),
  );
}
await Promise.all(workers.map((worker) => worker.waitUntilReady()));
log.info(
  { concurrency: env.WORKER_CONCURRENCY, mps: env.TWILIO_MPS, mentorDesk: Boolean(deskSettings) },
  'worker ready',
);

const health =
  env.WORKER_HEALTH_PORT === undefined
    ? undefined
    : await buildHealthServer(
        {
          redis: redisCheck(probe),
          mysql: mysqlCheck(env.DATABASE_URL),
          workers: async () => {
            if (!workers.every((worker) => worker.isRunning())) throw new Error('a queue worker is not running');
          },
        },
        metrics.registry,
      );
if (health) {
  const url = await health.listen({ port: env.WORKER_HEALTH_PORT, host: env.WORKER_HEALTH_HOST });
  log.info(`health server listening at ${url}`);
}

// Inbound first: its last jobs may still queue replies for the outbound worker to send.
onShutdown(log, async () => {
  await workers[0]?.close();
  await Promise.all(workers.slice(1).map((worker) => worker.close()));
  await health?.close();
  await Promise.all([outboundQueue.close(), mentorQueue.close()]);
  await db.destroy();
  await connection.quit();
  probe.disconnect();
});
