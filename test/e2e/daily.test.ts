import { createJobProducer, openQueues } from '@datadrill/ops';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaKeyer } from '../../apps/worker/src/privacy/quota-key.js';
import { AUTH_TOKEN, type BotStack, startBotStack } from '../support/bot-stack.js';
import { TEST_REDIS_URL } from '../support/test-queue.js';
import { waitFor } from '../support/wait-for.js';

const TEMPLATE_SID = `HX${'da'.repeat(16)}`;
const CODE = /\[([a-z-]+-(?:easy|medium|hard)-\d{3})\]/;

/** A zone where it is now about midday (outside the quiet hours 22-07), as Etc/GMT-k. */
function middayZone(): string {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

describe('the daily challenge', () => {
  let stack: BotStack;
  let redis: Redis;
  let daily: Queue;
  let producer: ReturnType<typeof createJobProducer>;
  const workerEnv = { TWILIO_DAILY_TEMPLATE_SID: TEMPLATE_SID, QUIET_HOURS: '22-07', DAILY_CHALLENGE_LIMIT: '20' };
  beforeAll(async () => {
    stack = await startBotStack({ label: 'daily', workers: 2, workerEnv });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    daily = new Queue('daily', { connection: redis, prefix: stack.queue.prefix });
    producer = createJobProducer(
      openQueues({ connection: redis, prefix: stack.queue.prefix }, () => {}),
      {
        attempts: 3,
        backoffMs: 100,
      },
    );
  });
  afterAll(async () => {
    await daily?.close();
    redis?.disconnect();
    await stack?.stop();
  });

  /** A learner's job scheduler, by its id: an opaque keyed hash of the number, never the number. */
  const schedulerOf = (phone: string) => daily.getJobScheduler(`daily-${quotaKeyer(AUTH_TOKEN)(phone).slice(0, 24)}`);
  const learnerRow = (phone: string) => stack.database.db('learners').where({ phone }).first();
  /** The learner's scheduler firing, as BullMQ's job scheduler does at their time. */
  const fire = (phone: string) => producer.add('daily.send', { phone, kind: 'daily' });

  it('is set with daily HH:MM in the learner zone, repeated as typed, shown, moved out of quiet hours, and turned off', async () => {
    const learner = 'whatsapp:+27825555001';
    await stack.say(learner, 'help');
    expect(await stack.say(learner, 'daily 07:30')).toMatch(/every day at 07:30 \(Africa\/Johannesburg\)/);
    const scheduler = await schedulerOf('27825555001');
    expect(scheduler).toMatchObject({ pattern: '30 7 * * *', tz: 'Africa/Johannesburg' });
    expect((await daily.getJobSchedulers()).map((s) => s.key).join()).not.toContain('27825555001');
    expect(await stack.say(learner, 'daily')).toMatch(/every day at 07:30/);
    expect(await stack.say(learner, 'daily 23:15')).toMatch(/23:15 \(moved out of the quiet hours to 07:00\)/);
    expect(await schedulerOf('27825555001')).toMatchObject({ pattern: '0 7 * * *' });
    expect(await stack.say(learner, 'daily off')).toMatch(/Daily challenge off/);
    expect(await schedulerOf('27825555001')).toBeUndefined();
  });

  it('fires at the learner time, once with two workers, after a worker restart, counted like any challenge', async () => {
    const learner = 'whatsapp:+27825555002';
    const phone = '27825555002';
    await stack.say(learner, 'help');
    const zone = middayZone();
    await stack.say(learner, `timezone ${zone}`);
    // The minute after next-but-one: at least 20 s away, so the schedule is set before it comes.
    const next = new Date(Date.now() + 80_000);
    const hhmm = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(next);
    expect(await stack.say(learner, `daily ${hhmm}`)).toContain(`every day at ${hhmm}`);
    // One worker restarts before the time comes: the schedule lives in Redis, not in a process.
    await stack.workers[0]?.stop('SIGTERM');
    await stack.addWorker(workerEnv);
    const [challenge] = (await stack.waitForReplies(learner, 4, 120_000)).slice(3);
    expect(challenge?.body).toMatch(/^📅 \*Your daily challenge\*/);
    expect(challenge?.body).toMatch(CODE);
    // Exactly one, whichever worker took it.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(stack.repliesTo(learner).filter((reply) => reply.body.startsWith('📅 *Your daily'))).toHaveLength(1);
    const [row] = await stack.database.db('interactions').where({ phone, outcome: 'challenge' });
    expect(row).toMatchObject({ counted: 1, command: 'daily-send' });
    const [outbound] = await stack.database.db('outbound_messages').where({ interaction_id: row.id });
    expect(outbound.initiated_by).toBe('bot');
  }, 180_000);

  it('outside the 24-hour window sends the approved template, and the challenge follows GO', async () => {
    const learner = 'whatsapp:+27825555003';
    const phone = '27825555003';
    await stack.say(learner, 'daily on');
    await stack.database
      .db('learners')
      .where({ phone })
      .update({ last_seen_at: new Date(Date.now() - 25 * 3600_000) });
    const before = stack.repliesTo(learner).length;
    await fire(phone);
    const [template] = (await stack.waitForReplies(learner, before + 1)).slice(before);
    expect(template?.contentSid).toBe(TEMPLATE_SID);
    const held = (await learnerRow(phone)).daily_held_code;
    expect(held).toMatch(/^[a-z-]+-(easy|medium|hard)-\d{3}$/);
    const go = await stack.say(learner, 'GO');
    expect(go).toMatch(/^📅 \*Your daily challenge\*/);
    expect(CODE.exec(go)?.[1]).toBe(held);
  });

  it('never sends a daily challenge after STOP, even one already due, and removes the schedule', async () => {
    const learner = 'whatsapp:+27825555004';
    const phone = '27825555004';
    await stack.say(learner, 'daily on');
    expect(await schedulerOf(phone)).toBeDefined();
    await stack.say(learner, 'STOP');
    expect(await schedulerOf(phone)).toBeUndefined();
    const replies = stack.repliesTo(learner).length;
    await fire(phone);
    await waitFor('the daily send recorded', async () =>
      Boolean(await stack.database.db('interactions').where({ phone, command: 'daily-send' }).first()),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stack.repliesTo(learner)).toHaveLength(replies);
    // Opting back in resumes what STOP suspended.
    await stack.say(learner, 'START');
    expect(await schedulerOf(phone)).toBeDefined();
  });

  it('pauses after 3 daily challenges in a row with no reply, and says so once', async () => {
    const learner = 'whatsapp:+27825555005';
    const phone = '27825555005';
    await stack.say(learner, 'daily on');
    await stack.database.db('learners').where({ phone }).update({ daily_unanswered: 3 });
    const before = stack.repliesTo(learner).length;
    await fire(phone);
    const [notice] = (await stack.waitForReplies(learner, before + 1)).slice(before);
    expect(notice?.body).toMatch(/paused your daily challenge after 3 without a reply.*daily on/s);
    expect((await learnerRow(phone)).daily_paused_at).not.toBeNull();
    expect(await stack.say(learner, 'daily')).toMatch(/paused/);
  });

  it('reminds a learner on a streak once, about 23.5 hours after their last practice, inside the window', async () => {
    const learner = 'whatsapp:+27825555006';
    const phone = '27825555006';
    await stack.say(learner, 'daily on');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await stack.database
      .db('learners')
      .where({ phone })
      .update({ streak_current: 4, streak_best: 4, streak_day: yesterday });
    const before = stack.repliesTo(learner).length;
    await producer.add('daily.remind', { phone, kind: 'remind', day: 'test' });
    const [reminder] = (await stack.waitForReplies(learner, before + 1)).slice(before);
    expect(reminder?.body).toMatch(/Your 4-day streak ends tonight/);
  });
});
