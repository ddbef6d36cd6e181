import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Clock,
  createAnswerHooks,
  createLogger,
  type DeliveryDeps,
  type ErasureDeps,
  type InboundDeps,
  type Logger,
  type MentorDeskDeps,
  mediaLinkKey,
  mentorDeskPlanners,
  QueueName,
  readQuietHours,
  systemClock,
} from '@datadrill/core';
import {
  connectRedis,
  createJobProducer,
  mysqlCheck,
  openQueues,
  queueOptions,
  type RedisConnection,
  redisCheck,
  registerQueueGauges,
  replicaRouting,
  startupCheck,
  verifyRedisPolicy,
  whenReady,
} from '@datadrill/ops';
import { Queue, type Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { createSlackChannel } from './adapters/slack/slack-channel.js';
import { type ContentTemplates, createContentTemplates } from './adapters/twilio/content-templates.js';
import { createMessagePrices } from './adapters/twilio/message-price.js';
import { pacedMessenger } from './adapters/twilio/send-pacer.js';
import { senderLanes } from './adapters/twilio/senders.js';
import { withSignedMedia } from './adapters/twilio/signed-media.js';
import { createTwilioMedia } from './adapters/twilio/twilio-media.js';
import { createTwilioClient, createTwilioMessenger, type TwilioSettings } from './adapters/twilio/twilio-messenger.js';
import type { WorkerEnv } from './env.js';
import { buildHealthServer } from './health-server.js';
import type { ConsumerContext } from './jobs/consumer-context.js';
import { createDailySchedules, startDailyJobs } from './jobs/daily-jobs.js';
import { startInboundJobs } from './jobs/inbound-jobs.js';
import { startInsightsJobs } from './jobs/insights-jobs.js';
import { startMentorDeskJobs } from './jobs/mentor-desk-jobs.js';
import { startOutboundJobs } from './jobs/outbound-jobs.js';
import { startPrivacyJobs } from './jobs/privacy-jobs.js';
import { createMentorDeskQueue, createOutbox } from './jobs/producers.js';
import { startStatusJobs } from './jobs/status-jobs.js';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.js';
import { outageOf } from './outages.js';
import { quotaKeyer } from './privacy/quota-key.js';
import { createChallengeCatalog } from './repositories/challenge-catalog.js';
import { connectDatabase, connectReads, databaseName } from './repositories/connect.js';
import { createLearnerRepository } from './repositories/learner-repository.js';
import { createOutboundRepository } from './repositories/outbound-repository.js';
import { createPriceRepository } from './repositories/price-repository.js';
import { createPrivacyRepository } from './repositories/privacy-repository.js';
import { createThreadRepository } from './repositories/thread-repository.js';
import { createTicketFileRepository } from './repositories/ticket-file-repository.js';
import { createTicketRepository } from './repositories/ticket-repository.js';

export interface WorkerApp {
  /** Checks Redis, starts every queue's consumer and the health server; resolves once all are ready. */
  start(): Promise<{ healthUrl: string | undefined }>;
  /** Stops in order: inbound first (its last jobs may still queue replies), the rest, then connections. */
  stop(): Promise<void>;
}

/** The worker process as a function of its configuration, so a test can run one in-process. */
export function buildWorker(
  env: WorkerEnv,
  log: Logger = createLogger({ name: 'worker', level: env.LOG_LEVEL }),
  clock: Clock = systemClock,
): WorkerApp {
  const metrics = createWorkerMetrics();
  const db = connectDatabase(env.DATABASE_URL, { min: 1, max: Math.min(env.WORKER_CONCURRENCY + 10, 30) });
  db.on('query', () => metrics.mysqlRoundTrips.inc());
  // Workers block on Redis and must wait out outages: BullMQ requires `maxRetriesPerRequest: null`.
  const connection = connectRedis(env, 'worker');
  // Probes and queue gauges use their own connection, which answers (or fails) at once.
  const probe = connectRedis(env, 'probe');
  probe.on('error', () => {});
  const settings = { connection, prefix: env.QUEUE_PREFIX };
  const queues = openQueues(settings, (queue, error) => log.warn({ queue, reason: error.message }, 'queue error'));
  registerQueueGauges(
    metrics.registry,
    Object.values(QueueName).map(
      (name) => new Queue(name, queueOptions({ connection: probe, prefix: env.QUEUE_PREFIX }, name)),
    ),
  );
  const producer = createJobProducer(queues, { attempts: env.JOB_ATTEMPTS, backoffMs: env.JOB_BACKOFF_MS });
  const outbox = createOutbox(producer);
  const mentorDeskQueue = createMentorDeskQueue(producer);
  const outbound = createOutboundRepository(db);
  const reads = env.DATABASE_REPLICA_URL
    ? replicaReads(env.DATABASE_URL, env.DATABASE_REPLICA_URL, metrics, log)
    : undefined;
  const catalog = createChallengeCatalog(db, reads?.db);
  const tickets = createTicketRepository(db);
  const threads = createThreadRepository(db, tickets);
  const mentorDeskSettings = env.SLACK_MENTOR_CHANNEL
    ? {
        maxOpenTickets: env.MENTOR_MAX_OPEN_TICKETS,
        bumpAfterMs: env.MENTOR_BUMP_AFTER_MINUTES * 60_000,
        answerTemplateSid: env.TWILIO_MENTOR_ANSWER_TEMPLATE_SID,
        // Twilio fetches mentors' images and PDFs from the ingress, at PUBLIC_URL.
        mediaLinks: Boolean(env.PUBLIC_URL),
      }
    : undefined;
  const twilioAccount = {
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    apiUrl: env.TWILIO_API_URL,
  };
  // Learners' files at Twilio: downloaded for the mentors, deleted after (or on erasure).
  const media = createTwilioMedia(
    twilioAccount,
    createTwilioClient({ ...twilioAccount, from: env.TWILIO_WHATSAPP_FROM, timeoutMs: env.TWILIO_TIMEOUT_MS }),
  );
  const context: ConsumerContext = {
    queues: settings,
    metrics,
    env,
    options: {
      lockDuration: env.WORKER_LOCK_DURATION_MS,
      stalledInterval: env.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: env.WORKER_MAX_STALLED_COUNT,
      log,
      observe: (queue, outcome, seconds) => metrics.jobSeconds.observe({ queue, outcome }, seconds),
      outageOf,
      maxOutagePauseMs: env.OUTAGE_MAX_PAUSE_MS,
      onOutage: (queue, outage) => {
        metrics.outagePauses.inc({ queue, outage });
        if (outage.endsWith('-credentials'))
          log.error(
            { queue, outage },
            'Twilio refuses our credentials: sending is paused until an operator fixes TWILIO_AUTH_TOKEN',
          );
      },
    },
  };
  const quotaKey = quotaKeyer(env.ERASURE_HASH_SECRET ?? env.TWILIO_AUTH_TOKEN);
  const inbound: InboundDeps = {
    learners: createLearnerRepository(db, quotaKey),
    catalog,
    outbox,
    clock,
    log,
    dailyLimit: env.DAILY_CHALLENGE_LIMIT,
    schoolTimeZone: env.SCHOOL_TIMEZONE,
    privacyUrl: env.PRIVACY_URL,
    access: { mode: env.ACCESS_MODE, formUrl: env.ACCESS_FORM_URL },
    privacy: { erase: (job) => producer.add('privacy.erase', job) },
    daily: {
      schedules: createDailySchedules(
        queues,
        producer,
        () => clock.now(),
        (phone) => quotaKey(phone).slice(0, 24),
      ),
      templateSid: env.TWILIO_DAILY_TEMPLATE_SID,
      quiet: readQuietHours(env.QUIET_HOURS),
    },
    mentorDesk: mentorDeskSettings && { planners: mentorDeskPlanners(mentorDeskSettings), queue: mentorDeskQueue },
  };
  const twilio = buildMessenger(env, metrics, connection, log);
  const delivery: DeliveryDeps = {
    store: outbound,
    outbox,
    messenger: withSignedMedia(twilio.messenger, {
      publicUrl: env.PUBLIC_URL,
      key: mediaLinkKey(env.MEDIA_URL_SECRET, env.TWILIO_AUTH_TOKEN),
      now: () => clock.now(),
    }),
    answers: createAnswerHooks({
      threads,
      outbound,
      outbox,
      queue: mentorDeskQueue,
      clock,
      answerTemplateSid: env.TWILIO_MENTOR_ANSWER_TEMPLATE_SID,
    }),
    onChallengeDelivered: (challenge) => metrics.challengesSent.inc(challenge),
    clock,
    log,
  };
  const mentorDesk: MentorDeskDeps | undefined =
    mentorDeskSettings && env.SLACK_BOT_TOKEN && env.SLACK_MENTOR_CHANNEL
      ? {
          tickets,
          threads,
          files: createTicketFileRepository(db),
          media,
          channel: createSlackChannel({
            token: env.SLACK_BOT_TOKEN,
            channel: env.SLACK_MENTOR_CHANNEL,
            apiUrl: env.SLACK_API_URL,
          }),
          challenges: catalog,
          outbound,
          outbox,
          queue: mentorDeskQueue,
          clock,
          log,
          settings: mentorDeskSettings,
        }
      : undefined;
  const erasure: ErasureDeps = {
    store: createPrivacyRepository(db),
    deleteMessage: (sid) => delivery.messenger.deleteMessage(sid),
    deletePost: mentorDesk ? (ts) => mentorDesk.channel.remove(ts) : undefined,
    deleteMedia: (url) => media.remove(url),
    deleteSlackFile: mentorDesk ? (fileId) => mentorDesk.channel.removeFile(fileId) : undefined,
    quotaKey,
    now: () => clock.now(),
    log,
  };
  const workers: Worker[] = [];
  let health: FastifyInstance | undefined;

  return {
    async start() {
      await startupCheck(log, async () => {
        await whenReady(probe);
        await verifyRedisPolicy(probe, env.NODE_ENV, log);
      });
      // The first replies find their templates; a slow Content API delays start-up by 5 s at most.
      await Promise.race([twilio.templates?.ensure(), sleep(5_000, undefined, { ref: false })]);
      workers.push(
        startInboundJobs(inbound, context),
        await startOutboundJobs(delivery, queues, context),
        startStatusJobs(
          delivery,
          context,
          {
            ...createMessagePrices(
              createTwilioClient({
                ...twilioAccount,
                from: env.TWILIO_WHATSAPP_FROM,
                timeoutMs: env.TWILIO_TIMEOUT_MS,
              }),
            ),
            ...createPriceRepository(db),
          },
          producer,
        ),
      );
      if (mentorDesk) workers.push(await startMentorDeskJobs(mentorDesk, queues, context));
      workers.push(await startPrivacyJobs(erasure, db, queues, context));
      workers.push(startDailyJobs(inbound, context));
      workers.push(
        await startInsightsJobs(
          {
            db,
            channel: mentorDesk?.channel,
            schoolTimeZone: env.SCHOOL_TIMEZONE,
            digestCron: env.DIGEST_CRON,
            dashboardUrl: env.INSIGHTS_URL,
            now: () => clock.now(),
            log,
          },
          queues,
          context,
        ),
      );
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
      log.info(
        { concurrency: env.WORKER_CONCURRENCY, mps: env.TWILIO_MPS, mentorDesk: Boolean(mentorDesk) },
        'worker ready',
      );
      if (env.WORKER_HEALTH_PORT === undefined) return { healthUrl: undefined };
      health = await buildHealthServer(
        {
          redis: redisCheck(probe),
          mysql: mysqlCheck(env.DATABASE_URL),
          workers: async () => {
            if (!workers.every((worker) => worker.isRunning())) throw new Error('a queue worker is not running');
          },
        },
        metrics.registry,
      );
      const healthUrl = await health.listen({ port: env.WORKER_HEALTH_PORT, host: env.WORKER_HEALTH_HOST });
      log.info(`health server listening at ${healthUrl}`);
      return { healthUrl };
    },

    async stop() {
      await workers[0]?.close();
      await Promise.all(workers.slice(1).map((worker) => worker.close()));
      await health?.close();
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      await reads?.destroy();
      await db.destroy();
      await connection.quit();
      probe.disconnect();
    },
  };
}

/** Reads that need no learner's lock, on the replica; on the primary while it is silent (said once). */
function replicaReads(primaryUrl: string, replicaUrl: string, metrics: WorkerMetrics, log: Logger) {
  const routing = replicaRouting(primaryUrl, replicaUrl, databaseName(primaryUrl), {
    onDown: (reason) => {
      metrics.replicaOutages.inc();
      metrics.readsOnPrimary.set(1);
      log.warn({ reason }, 'the read replica does not answer: its reads go to the primary');
    },
    onUp: () => {
      metrics.readsOnPrimary.set(0);
      log.info('the read replica answers again: its reads go back to it');
    },
  });
  const db = connectReads(routing);
  return {
    db,
    async destroy() {
      routing.close();
      await db.destroy();
    },
  };
}

/**
 * The Twilio client, observed for metrics and paced: one stream of sends per sender across every
 * worker; buttons and lists through the bot's Content templates, looked up (or created) at once.
 */
function buildMessenger(env: WorkerEnv, metrics: WorkerMetrics, connection: RedisConnection, log: Logger) {
  const settings: TwilioSettings = {
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    from: env.TWILIO_WHATSAPP_FROM,
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
    apiUrl: env.TWILIO_API_URL,
    statusCallback: env.PUBLIC_URL && `${env.PUBLIC_URL}/twilio/status`,
    timeoutMs: env.TWILIO_TIMEOUT_MS,
  };
  const client = createTwilioClient(settings);
  let templates: ContentTemplates | undefined;
  if (env.WHATSAPP_BUTTONS === 'on') {
    templates = createContentTemplates(client, {
      configured: env.TWILIO_CONTENT_SIDS,
      redis: connection,
      lockKey: `${env.QUEUE_PREFIX}:content-templates:lock`,
      log,
    });
    void templates.ensure();
  }
  const observe = (seconds: number, errorCode: string | undefined) => {
    metrics.twilioSendSeconds.observe({ result: errorCode ? 'error' : 'ok' }, seconds);
    if (errorCode) metrics.twilioErrors.inc({ code: errorCode });
  };
  const messenger = pacedMessenger(
    createTwilioMessenger(settings, observe, templates, client),
    connection,
    senderLanes(env),
  );
  return { messenger, templates };
}
