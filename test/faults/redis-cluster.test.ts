import { connectRedis, createJobProducer, openQueues, type RedisConnection, redisNodes } from '@datadrill/ops';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaKeyer } from '../../apps/worker/src/privacy/quota-key.js';
import { AUTH_TOKEN, type BotStack, DASHBOARD, PUBLIC_URL, SLACK, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { startPrivateRedisCluster } from './private-redis.js';
import { recordScenario, tally } from './scenario-table.js';

// Short locks so a killed worker's job is taken over in seconds rather than the production 30 s.
const STALLS = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
const WORKER_ENV = {
  ...STALLS,
  TWILIO_DAILY_TEMPLATE_SID: `HX${'dc'.repeat(16)}`,
  TWILIO_MENTOR_ANSWER_TEMPLATE_SID: `HX${'ac'.repeat(16)}`,
  PUBLIC_URL,
};
const ops = { authorization: `Basic ${Buffer.from(`${DASHBOARD.user}:${DASHBOARD.password}`).toString('base64')}` };

describe('everything on a Redis Cluster of three masters', () => {
  let cluster: Awaited<ReturnType<typeof startPrivateRedisCluster>>;
  let stack: BotStack;
  let redis: RedisConnection;
  beforeAll(async () => {
    cluster = await startPrivateRedisCluster(3);
    stack = await startBotStack({
      label: 'cluster',
      workers: 2,
      mentorDesk: true,
      redisClusterNodes: cluster.nodes,
      ingressEnv: { FLOOD_LIMIT_PER_MINUTE: '8' },
      workerEnv: WORKER_ENV,
    });
    const REDIS_CLUSTER_NODES = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
    redis = connectRedis({ REDIS_URL: 'redis://127.0.0.1', REDIS_CLUSTER_NODES }, 'worker');
    redis.on('error', () => {});
  });
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
    await cluster?.stop();
  });

  it('runs the learner flow (welcome, a challenge, an answer) and the flood guard', async () => {
    const learner = 'whatsapp:+27825557001';
    expect(await stack.say(learner, 'hi')).toMatch(/Welcome to \*DataDrill\*/);
    expect(await stack.say(learner, 'python easy')).toMatch(/\[python-easy-\d{3}\]/);
    expect(await stack.say(learner, 'answer x')).not.toMatch(/didn't understand/);
    const [row] = await stack.database.db('interactions').where({ phone: '27825557001', counted: true });
    expect(row).toBeDefined();
    // The flood guard's counter lives on whichever master owns its key: past 8 a minute, one notice.
    const flooder = 'whatsapp:+27825557009';
    for (let i = 0; i < 10; i++) await stack.send(flooder, 'help');
    await waitFor('the flood notice', async () => {
      const rows = await stack.database.db('interactions').where({ phone: '27825557009' });
      return rows.length === 9 && rows.filter((one) => one.outcome === 'flood_notice').length === 1;
    });
  });

  it('runs the mentor desk: a ticket in Slack, the mentor’s answer back on WhatsApp once', async () => {
    const learner = 'whatsapp:+27825557002';
    const confirmation = await stack.say(learner, 'ask why does my join drop rows?');
    const ticket = Number(/ticket #(\d+)/.exec(confirmation)?.[1]);
    const slack = stack.slack as NonNullable<BotStack['slack']>;
    const post = await waitFor('the ticket in the channel', () =>
      slack.channelPosts(SLACK.channel).find((one) => one.text.includes(`*Ticket #${ticket}*`)),
    );
    const before = stack.repliesTo(learner).length;
    await stack.slackEvent(slack.threadReply(post, SLACK.mentor.id, 'Use an outer join.'));
    const replies = await stack.waitForReplies(learner, before + 1);
    expect(replies[before]?.body).toContain('Use an outer join.');
  });

  it('keeps the daily schedule in the cluster and fires it', async () => {
    const learner = 'whatsapp:+27825557003';
    await stack.say(learner, 'hi');
    expect(await stack.say(learner, 'daily 07:30')).toMatch(/every day at 07:30/);
    const queues = openQueues({ connection: redis, prefix: stack.queue.prefix }, () => {});
    const producer = createJobProducer(queues, { attempts: 3, backoffMs: 100 });
    const schedulerId = `daily-${quotaKeyer(AUTH_TOKEN)('27825557003').slice(0, 24)}`;
    expect(await queues.daily.getJobScheduler(schedulerId)).toMatchObject({ pattern: '30 7 * * *' });
    // The scheduler firing, as BullMQ's job scheduler does at the learner's time.
    const before = stack.repliesTo(learner).length;
    await producer.add('daily.send', { phone: '27825557003', kind: 'daily' });
    const [daily] = (await stack.waitForReplies(learner, before + 1)).slice(before);
    expect(daily?.body).toMatch(/\[[a-z-]+-(?:easy|medium|hard)-\d{3}\]/);
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
  });

  it('loses and duplicates nothing when a worker is killed in the middle of sends', async () => {
    const learners = Array.from({ length: 6 }, (_, i) => `whatsapp:+2782555710${i}`);
    // Twilio takes 1 s to answer: the kill lands while calls are in flight, after they were claimed.
    stack.twilio.setLatency(1000);
    await Promise.all(learners.map((learner) => stack.send(learner, 'sql easy')));
    await waitFor('a reply being sent', async () => {
      const rows = await stack.database.db('outbound_messages').whereIn('to_address', learners);
      return rows.some((row) => row.status === 'sending');
    });
    await stack.workers[0]?.stop('SIGKILL');
    stack.twilio.setLatency(0);
    await stack.addWorker(WORKER_ENV);
    await waitFor(
      'every reply settled',
      async () => {
        const rows = await stack.database.db('outbound_messages').whereIn('to_address', learners);
        return rows.length === learners.length && rows.every((row) => row.status === 'sent');
      },
      30_000,
    );
    const row = tally(
      '3d. SIGKILL during Twilio calls, on a Redis Cluster',
      new Map(learners.map((learner) => [learner, 1])),
      new Map(learners.map((learner) => [learner, stack.repliesTo(learner).length])),
    );
    recordScenario(row);
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
  });

  it('spreads the queues over the masters, each queue in one slot; Bull Board and the gauges read them', async () => {
    const slotsByQueue = new Map<string, Set<number>>();
    const mastersWithKeys = new Set<string>();
    for (const node of redisNodes(redis)) {
      for await (const keys of node.scanStream({ match: `${stack.queue.prefix}:*`, count: 500 })) {
        for (const key of keys as string[]) {
          const queue = /^[^:]+:\{([^}]+)\}:/.exec(key)?.[1] ?? `untagged ${key.split(':')[1]}`;
          const slots = slotsByQueue.get(queue) ?? new Set<number>();
          slots.add(Number(await node.cluster('KEYSLOT', key)));
          slotsByQueue.set(queue, slots);
          mastersWithKeys.add(`${node.options.port}`);
        }
      }
    }
    const queues = [...slotsByQueue].filter(([queue]) => !queue.startsWith('untagged'));
    expect(queues.map(([queue]) => queue)).toEqual(expect.arrayContaining(['inbound', 'outbound', 'daily', 'mentor']));
    for (const [, slots] of queues) expect(slots.size).toBe(1);
    expect(mastersWithKeys.size).toBeGreaterThan(1);

    const api = await fetch(`${stack.dashboardUrl}/admin/queues/api/queues`, { headers: ops });
    const { queues: board } = (await api.json()) as { queues: Array<{ name: string }> };
    expect(board.map((queue) => queue.name)).toContain('outbound');
    const metrics = await (await fetch(`${stack.dashboardUrl}/metrics`, { headers: ops })).text();
    expect(metrics).toMatch(/datadrill_queue_jobs\{queue="outbound",state="completed"\} [1-9]/);
    const ready = await fetch(`${stack.ingressUrl}/readyz`);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { redis: 'ok' } });
  });
});
