import { ANSWER_TEMPLATE_TEXT, DAILY_TEMPLATE_TEXT } from '@datadrill/core';
import { FakeSlack } from '@datadrill/fake-slack';
import { FakeTwilio, inboundParams, postWebhook, type SentMessage, signWebhook } from '@datadrill/fake-twilio';
import { type AppProcess, startApp } from './app-process.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { createTestQueue, TEST_REDIS_URL, type TestQueue } from './test-queue.js';
import { waitFor } from './wait-for.js';

export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const BOT_NUMBER = 'whatsapp:+14155238886';
/** What Twilio calls; the ingress sits behind a proxy on loopback, as in production. */
export const PUBLIC_URL = 'https://bot.datadrill.test';
export const DASHBOARD = { user: 'ops', password: 'test-dashboard-password' };
/** The mentors' Slack workspace, as the fake Slack knows it. */
export const SLACK = {
  botToken: 'xoxb-test-0123456789',
  signingSecret: 'test-slack-signing-secret-0123',
  channel: 'CMENTORS01',
  mentor: { id: 'U0MENTOR01', name: 'ana.lima', realName: 'Ana Lima', displayName: 'Ana' },
};

export interface BotStack {
  twilio: FakeTwilio;
  accountSid: string;
  authToken: string;
  database: TestDatabase;
  queue: TestQueue;
  ingress: AppProcess;
  workers: AppProcess[];
  ingressUrl: string;
  /** Bull Board and the ingress's /metrics, on their own port. */
  dashboardUrl: string;
  /** The fake Slack, when the stack runs with the mentor desk. */
  slack: FakeSlack | undefined;
  /** Posts a Slack event to the ingress as Slack would (signed; options tamper or mark a retry). */
  slackEvent(
    event: Record<string, unknown>,
    options?: Parameters<FakeSlack['deliver']>[2],
  ): Promise<Response & { eventId: string }>;
  /** Posts a webhook exactly as Twilio does for an inbound WhatsApp message. */
  send(from: string, body: string, overrides?: Record<string, string>): Promise<Response & { messageSid: string }>;
  /** Twilio's inbound-message fields for `from` saying `body`. */
  webhookParams(from: string, body: string, overrides?: Record<string, string>): Record<string, string>;
  /** Posts form fields to /bot with the given signature header (none when undefined). */
  post(params: Record<string, string>, signature: string | undefined): Promise<Response>;
  sign(params: Record<string, string>): string;
  repliesTo(from: string): SentMessage[];
  /** Starts one more worker process (e.g. to take over from a killed one). */
  addWorker(env?: Record<string, string>): Promise<AppProcess>;
  /** Sends one message and returns the text of the bot's reply to it. */
  say(from: string, body: string, overrides?: Record<string, string>): Promise<string>;
  /** Waits until `from` has received `count` replies, and returns them in order. */
  waitForReplies(from: string, count: number, timeoutMs?: number): Promise<SentMessage[]>;
  stop(): Promise<void>;
}

export interface StackOptions {
  label: string;
  workers?: number;
  /** Environment for every process. */
  env?: Record<string, string>;
  /** Environment for the ingress only, on top of `env`. */
  ingressEnv?: Record<string, string>;
  /** Environment for the workers only, on top of `env`. */
  workerEnv?: Record<string, string>;
  /** A Redis of the test's own (one it can stop); the shared one by default. */
  redisUrl?: string;
  /** A Redis Cluster's nodes (host:port,…) instead: every process gets REDIS_CLUSTER_NODES. */
  redisClusterNodes?: string;
  /** Likewise a MySQL/MariaDB server, as mysql://user@host:port. */
  mysqlUrl?: string;
  /** A replica of `mysqlUrl` (mysql://user@host:port): the workers read the same database there. */
  mysqlReplicaUrl?: string;
  /** Runs the mentor desk against a fake Slack. */
  mentorDesk?: boolean;
  /** Runs the ingress and workers from `pnpm build`'s output, as production does (built beforehand). */
  compiled?: boolean;
}

export async function startBotStack({
  label,
  workers = 1,
  env = {},
  ingressEnv = {},
  workerEnv = {},
  redisUrl = TEST_REDIS_URL,
  redisClusterNodes = '',
  mysqlUrl,
  mysqlReplicaUrl,
  mentorDesk = false,
  compiled = false,
}: StackOptions): Promise<BotStack> {
  const fake = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
  // The school's approved templates exist on its Twilio account before the bot sends them.
  const approvedTexts: Record<string, string> = {
    TWILIO_DAILY_TEMPLATE_SID: DAILY_TEMPLATE_TEXT,
    TWILIO_MENTOR_ANSWER_TEMPLATE_SID: ANSWER_TEMPLATE_TEXT,
  };
  for (const [name, sid] of Object.entries(workerEnv)) {
    const text = approvedTexts[name];
    if (text) fake.content.approve(sid, text);
  }
  const slack = mentorDesk
    ? await new FakeSlack({
        botToken: SLACK.botToken,
        signingSecret: SLACK.signingSecret,
        channels: [SLACK.channel],
        users: [SLACK.mentor],
      }).start()
    : undefined;
  const slackWorkerEnv: Record<string, string> = slack
    ? { SLACK_BOT_TOKEN: SLACK.botToken, SLACK_MENTOR_CHANNEL: SLACK.channel, SLACK_API_URL: slack.apiUrl }
    : {};
  const database = await createTestDatabase(label, mysqlUrl);
  const replicaEnv: Record<string, string> = mysqlReplicaUrl
    ? { DATABASE_REPLICA_URL: `${mysqlReplicaUrl}${new URL(database.url).pathname}` }
    : {};
  const queue = createTestQueue(label, redisUrl, redisClusterNodes);
  const shared = {
    REDIS_URL: redisUrl,
    ...(redisClusterNodes ? { REDIS_CLUSTER_NODES: redisClusterNodes } : {}),
    QUEUE_PREFIX: queue.prefix,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    ...env,
  };
  const ingress = startApp(
    'ingress',
    {
      JOB_BACKOFF_MS: '200',
      ...shared,
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL,
      DATABASE_URL: database.url,
      DASHBOARD_PASSWORD: DASHBOARD.password,
      DASHBOARD_PORT: '0',
      DASHBOARD_HOST: '127.0.0.1',
      // The bot token lets it serve mentors' files to Twilio (GET /media/slack/…).
      ...(slack
        ? { SLACK_SIGNING_SECRET: SLACK.signingSecret, SLACK_BOT_TOKEN: SLACK.botToken, SLACK_API_URL: slack.apiUrl }
        : {}),
      ...ingressEnv,
    },
    [],
    { compiled },
  );
  const startWorker = (extra: Record<string, string> = {}) =>
    startApp(
      'worker',
      {
        ...shared,
        DATABASE_URL: database.url,
        ...replicaEnv,
        TWILIO_WHATSAPP_FROM: BOT_NUMBER,
        TWILIO_API_URL: fake.url,
        WORKER_HEALTH_PORT: '0',
        WORKER_HEALTH_HOST: '127.0.0.1',
        ...slackWorkerEnv,
        ...workerEnv,
        ...extra,
      },
      [],
      { compiled },
    );
  const workerProcesses = Array.from({ length: workers }, () => startWorker());
  const ingressUrl = await ingress.waitForUrl(/Server listening at/);
  const dashboardUrl = (await ingress.waitForUrl(/dashboard listening at/)).replace(/\/admin\/queues$/, '');
  await Promise.all(workerProcesses.map((worker) => worker.waitForLog(/worker ready/)));

  const stack: BotStack = {
    twilio: fake,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    database,
    queue,
    ingress,
    workers: workerProcesses,
    ingressUrl,
    dashboardUrl,
    slack,
    slackEvent(event, options) {
      if (!slack) throw new Error('the stack runs without the mentor desk');
      return slack.deliver(`${ingressUrl}/slack/events`, event, options);
    },
    webhookParams: (from, body, overrides = {}) => inboundParams(ACCOUNT_SID, from, BOT_NUMBER, body, overrides),
    sign: (params) => signWebhook(AUTH_TOKEN, `${PUBLIC_URL}/bot`, params),
    post: (params, signature) => postWebhook(`${ingressUrl}/bot`, params, signature),
    async send(from, body, overrides = {}) {
      const params = stack.webhookParams(from, body, overrides);
      // Twilio keeps the inbound message too, until it is deleted.
      if (params.MessageSid) fake.received.add(params.MessageSid);
      const response = await stack.post(params, stack.sign(params));
      return Object.assign(response, { messageSid: params.MessageSid ?? '' });
    },
    repliesTo: (from) => fake.sentTo(from),
    async say(from, body, overrides = {}) {
      const before = fake.sentTo(from).length;
      await stack.send(from, body, overrides);
      return (await stack.waitForReplies(from, before + 1))[before]?.body ?? '';
    },
    async addWorker(env = {}) {
      const worker = startWorker(env);
      workerProcesses.push(worker);
      await worker.waitForLog(/worker ready/);
      return worker;
    },
    waitForReplies: (from, count, timeoutMs) =>
      waitFor(
        `${count} replies to ${from}`,
        () => {
          const replies = fake.sentTo(from);
          return replies.length >= count && replies;
        },
        timeoutMs,
      ),
    async stop() {
      await Promise.all([ingress.stop(), ...workerProcesses.map((worker) => worker.stop())]);
      await Promise.all([queue.drop(), database.drop(), fake.close(), slack?.close()]);
    },
  };
  return stack;
}
