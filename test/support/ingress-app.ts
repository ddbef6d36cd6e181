import { createLogger, QueueName } from '@datadrill/core';
import { signWebhook } from '@datadrill/fake-twilio';
import { type Check, redisCheck, whenReady } from '@datadrill/ops';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { buildDashboard, buildIngress, type IngressDeps } from '../../apps/ingress/src/app.js';
import { createIngressMetrics } from '../../apps/ingress/src/metrics.js';
import { createFloodGuard, type FloodGuard } from '../../apps/ingress/src/queue/flood-guard.js';
import { createInboundProducer, type InboundProducer } from '../../apps/ingress/src/queue/inbound-producer.js';
import { createTestQueue, TEST_REDIS_URL } from './test-queue.js';

export { inboundParams } from '@datadrill/fake-twilio';

type FastifyInstance = Awaited<ReturnType<typeof buildIngress>>;

export const TWILIO = {
  accountSid: `AC${'a1'.repeat(16)}`,
  authToken: 'test-auth-token-0123456789abcdef',
  /** What Twilio calls; signatures are computed over it, not over the address the app sees. */
  publicUrl: 'https://bot.datadrill.test',
};
export const DASHBOARD = { user: 'ops', password: 'test-dashboard-password' };
export const SLACK_SIGNING_SECRET = 'test-slack-signing-secret-0123';
/** A fixed instant for the flood guard, so a test never straddles a clock minute. */
const FLOOD_CLOCK = Date.UTC(2030, 0, 1, 12, 0, 30);

export interface TestIngressOptions {
  env?: Partial<IngressDeps['env']>;
  floodLimit?: number;
  /** Checks for /readyz on top of a real PING of the producer's Redis. */
  checks?: Record<string, Check>;
  /** The producer's Redis; the test Redis by default (a closed port plays an outage). */
  redisUrl?: string;
}

export interface TestIngress {
  /** The public app: webhooks and probes. */
  app: FastifyInstance;
  /** The ops app on the same queues: Bull Board, /metrics and probes. */
  dashboard: FastifyInstance;
  producer: InboundProducer;
  /** Every queue of the catalog on this file's prefix, on a connection of the test's own. */
  queues: Record<QueueName, Queue>;
  close(): Promise<void>;
}

/**
 * The ingress as main.ts builds it (real producer, flood guard and metrics on the test Redis), on a
 * queue prefix of the file's own that is dropped on close: fastify/demo's `build()` for `inject()`.
 */
export async function buildTestIngress(label: string, options: TestIngressOptions = {}): Promise<TestIngress> {
  const testQueue = createTestQueue(label);
  const log = createLogger({ name: `ingress-${label}`, level: 'silent' });
  const producer = createInboundProducer({
    redis: { REDIS_URL: options.redisUrl ?? TEST_REDIS_URL, REDIS_CLUSTER_NODES: [] },
    prefix: testQueue.prefix,
    attempts: 3,
    backoffMs: 200,
    log,
  });
  // As main.ts does at start-up: the producer refuses work until its connection is ready.
  if (options.redisUrl === undefined) await whenReady(producer.redis);
  const reader = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queues = Object.fromEntries(
    Object.values(QueueName).map((name) => [name, new Queue(name, { connection: reader, prefix: testQueue.prefix })]),
  ) as Record<QueueName, Queue>;
  const deps: IngressDeps = {
    env: {
      TWILIO_ACCOUNT_SID: TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      PUBLIC_URL: TWILIO.publicUrl,
      DASHBOARD_USER: DASHBOARD.user,
      DASHBOARD_PASSWORD: DASHBOARD.password,
      SLACK_SIGNING_SECRET,
      ...options.env,
    },
    producer,
    floodGuard: pinnedClock(createFloodGuard(producer.redis, testQueue.prefix, options.floodLimit ?? 30)),
    metrics: createIngressMetrics(),
    checks: { redis: redisCheck(producer.redis), ...options.checks },
    log,
  };
  const app = await buildIngress(deps);
  const dashboard = await buildDashboard(deps);
  return {
    app,
    dashboard,
    producer,
    queues,
    async close() {
      await Promise.all([app.close(), dashboard.close()]);
      await producer.close();
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      await reader.quit();
      await testQueue.drop();
    },
  };
}

function pinnedClock(guard: FloodGuard): FloodGuard {
  return { verdict: (from) => guard.verdict(from, FLOOD_CLOCK) };
}

/** `inject()` options for a form posted to `path` as Twilio does: signed over the public URL, or `null` for unsigned. */
export function twilioForm(
  path: string,
  params: Record<string, string>,
  signature: string | null = signWebhook(TWILIO.authToken, TWILIO.publicUrl + path, params),
) {
  return {
    method: 'POST' as const,
    url: path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    payload: new URLSearchParams(params).toString(),
  };
}

/** Twilio's signature over `params` posted to `url`, for requests signed over some other URL. */
export function twilioSignature(url: string, params: Record<string, string>): string {
  return signWebhook(TWILIO.authToken, url, params);
}

/** Twilio's status-callback fields for one message the bot sent. */
export function statusParams(messageSid: string, status: string, overrides: Record<string, string> = {}) {
  return {
    AccountSid: TWILIO.accountSid,
    MessageSid: messageSid,
    SmsSid: messageSid,
    MessageStatus: status,
    SmsStatus: status,
    To: 'whatsapp:+27825550101',
    From: 'whatsapp:+14155238886',
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}
