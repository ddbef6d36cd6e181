import { randomBytes } from 'node:crypto';
import { answerFromStorage, type ChallengeAnswer, type Clock, createLogger } from '@datadrill/core';
import { FakeTwilio, type SentMessage } from '@datadrill/fake-twilio';
import { createJobProducer, openQueues } from '@datadrill/ops';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, type WorkerApp } from '../../apps/worker/src/build-worker.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER } from '../support/bot-stack.js';
import { inProcessWorkerEnv } from '../support/in-process-worker.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTestQueue, TEST_REDIS_URL, type TestQueue } from '../support/test-queue.js';
import { waitFor } from '../support/wait-for.js';

const CODE = /\[([a-z-]+-(?:easy|medium|hard)-\d{3})\]/;

/** A clock the test moves, shared by both workers: days and local midnights on demand. */
class TestClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return this.at;
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

/** The whole learning loop on real MariaDB and Redis, two workers, the fake Twilio, an injected clock. */
describe('the coach, a whole conversation', () => {
  let database: TestDatabase;
  let queue: TestQueue;
  let twilio: FakeTwilio;
  const workers: WorkerApp[] = [];
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  // A South African number: its days are counted in Africa/Johannesburg (UTC+2).
  const learner = 'whatsapp:+27825557401';
  const phone = '27825557401';
  const clock = new TestClock(new Date('2026-06-01T18:00:00Z'));
  let producer: ReturnType<typeof createJobProducer>;

  beforeAll(async () => {
    [database, twilio] = await Promise.all([
      createTestDatabase('coach'),
      new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start(),
    ]);
    queue = createTestQueue('coach');
    const env = inProcessWorkerEnv(database, queue, twilio, { DAILY_CHALLENGE_LIMIT: '20' });
    for (let i = 0; i < 2; i++)
      workers.push(buildWorker(env, createLogger({ name: 'worker', level: process.env.TEST_LOG ?? 'silent' }), clock));
    await Promise.all(workers.map((worker) => worker.start()));
    producer = createJobProducer(
      openQueues({ connection: redis, prefix: queue.prefix }, () => {}),
      {
        attempts: 3,
        backoffMs: 100,
      },
    );
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    redis.disconnect();
    await Promise.all([queue?.drop(), database?.drop(), twilio?.close()]);
  });

  const inbound = (body: string, repliedTo?: string) =>
    producer.add('inbound.message', {
      messageSid: `SM${randomBytes(16).toString('hex')}`,
      accountSid: ACCOUNT_SID,
      from: learner,
      to: BOT_NUMBER,
      body,
      receivedAt: clock.now().toISOString(),
      ...(repliedTo ? { repliedTo } : {}),
    });

  /** Sends one message and returns the bot's reply to it. */
  async function say(body: string, repliedTo?: string): Promise<SentMessage> {
    const before = twilio.sentTo(learner).length;
    await inbound(body, repliedTo);
    const replies = await waitFor(`a reply to "${body}"`, () => {
      const sent = twilio.sentTo(learner);
      return sent.length > before && sent;
    });
    // The reply is sent; let its interaction settle before the next message.
    await waitFor('the interaction settled', async () => {
      const pending = await database.db('interactions').where({ phone, status: 'pending' }).first();
      return !pending;
    });
    return replies[before] as SentMessage;
  }

  const answerOf = async (code: string): Promise<ChallengeAnswer> => {
    const row = await database.db('challenges').where({ code }).first('answer');
    return answerFromStorage(String(row.answer));
  };
  /** What the author expects, as a learner types it. */
  const rightText = (answer: ChallengeAnswer) => answer.values.join(', ');
  /** A wrong answer of the right form: every number off by one, or another letter or word. */
  const wrongText = (answer: ChallengeAnswer) =>
    answer.choices
      ? (Object.keys(answer.choices).find((letter) => letter !== answer.values[0]) ?? 'z')
      : answer.values.map((value) => (Number.isFinite(Number(value)) ? String(Number(value) + 1) : 'zebra')).join(', ');
  const numeric = (answer: ChallengeAnswer) =>
    !answer.choices && answer.values.every((v) => Number.isFinite(Number(v)));

  /** Asks for a probability easy challenge until one with a numeric answer comes (most are). */
  async function numericChallenge(
    request = 'probability easy',
  ): Promise<{ code: string; answer: ChallengeAnswer; message: SentMessage }> {
    for (;;) {
      const message = await say(request);
      const code = CODE.exec(message.body)?.[1] ?? '';
      const answer = await answerOf(code);
      if (numeric(answer)) return { code, answer, message };
      await say(`answer ${rightText(answer)}`);
    }
  }

  it('checks answers, explains, keeps a streak across local midnights, levels up, and logs every attempt', async () => {
    // Day 1 (22:00 in Johannesburg): a challenge, an unreadable answer, a wrong one, the right one.
    clock.set('2026-06-01T20:00:00Z');
    const first = await numericChallenge();
    expect((await say('answer banana')).body).toMatch(/I can't read that as an answer — reply with/);
    const wrong = await say(`answer ${wrongText(first.answer)}`);
    expect(wrong.body).toMatch(/❌ \*Not quite\*.*\n[\s\S]*2 attempts left/);
    const right = await say(rightText(first.answer)); // bare: it reads as an answer
    expect(right.body).toMatch(/✅ \*Right!\* \[/);
    expect(right.body).toMatch(/Streak: 1 day\b/);
    const progress = await say('progress');
    expect(progress.body).toMatch(/\*probability\*: 1 solved of 1 attempted/);
    expect(progress.body).toMatch(/Streak: 1 day \(best 1\)/);
    expect(progress.body).toContain('Africa/Johannesburg');

    // Day 2 late evening, then just past the local midnight (still June 2 in UTC): two more days.
    clock.set('2026-06-02T21:30:00Z');
    const second = await numericChallenge();
    expect((await say(`answer ${rightText(second.answer)}`)).body).toMatch(/Streak: 2 days/);
    clock.set('2026-06-02T22:30:00Z');
    const third = await numericChallenge();
    expect((await say(`a ${rightText(third.answer)}`)).body).toMatch(/Streak: 3 days/);

    // June 4 (local) goes by without a solve: on June 5 the streak is broken, and starts again.
    clock.set('2026-06-05T10:00:00Z');
    expect((await say('streak')).body).toMatch(/Streak: 0 days \(best 3\)/);
    const fourth = await numericChallenge();
    expect((await say(`answer ${rightText(fourth.answer)}`)).body).toMatch(/Streak: 1 day\b/);

    // Four of four at easy solved: the topic alone moves up, and says why.
    const up = await say('probability');
    expect(up.body).toMatch(/^🚀 \d of your last 4 probability easy right — here is a medium one/);
    const medium = CODE.exec(up.body)?.[1] ?? '';
    expect(medium).toMatch(/^probability-medium-/);

    // A WhatsApp reply quoting the challenge message answers that challenge.
    const quoted = await say(rightText(await answerOf(medium)), up.sid);
    expect(quoted.body).toMatch(new RegExp(`✅ \\*Right!\\* \\[${medium}\\]`));

    // Every attempt is in MySQL: the text as sent, the verdict, the attempt number, how it came.
    const attempts = await database.db('attempts').where({ phone }).orderBy('id');
    expect(attempts.slice(0, 3).map((a) => [a.verdict, a.attempt_no, a.via])).toEqual([
      ['unreadable', null, 'typed'],
      ['wrong', 1, 'typed'],
      ['right', 2, 'bare'],
    ]);
    expect(attempts.at(-1)).toMatchObject({ challenge_code: medium, verdict: 'right', via: 'quoted' });
    // Answers never count against the limit: only the challenges handed out do.
    const counted = await database.db('interactions').where({ phone, counted: 1 });
    expect(counted.every((row) => row.outcome === 'challenge')).toBe(true);
  });

  it('after the last wrong attempt sends the worked solution, and the challenge counts as seen, not solved', async () => {
    clock.set('2026-06-06T09:00:00Z');
    const { code, answer } = await numericChallenge('probability medium');
    for (const left of ['2 attempts left', '1 attempt left']) {
      expect((await say(`answer ${wrongText(answer)}`)).body).toContain(left);
    }
    const last = await say(`answer ${wrongText(answer)}`);
    expect(last.body).toMatch(/that was your last attempt/);
    expect(last.body).toContain('*Answer:*');
    expect(await database.db('learner_challenges').where({ phone, challenge_code: code }).first()).toMatchObject({
      status: 'missed',
      attempts: 3,
    });
    expect((await say(`answer ${code} ${rightText(answer)}`)).body).toMatch(/is closed: you have seen its solution/);

    // Missed, it comes back for review a day later: not before, and it counts like any challenge.
    expect((await say('review')).body).toMatch(/Nothing is due for review yet: the next one comes back in 1 day/);
    clock.set('2026-06-07T09:30:00Z');
    const review = await say('review');
    expect(review.body).toMatch(/^🔁 \*Review\*/);
    expect(CODE.exec(review.body)?.[1]).toBe(code);
    const handedOut = await database.db('interactions').where({ phone, challenge_code: code, outcome: 'challenge' });
    expect(handedOut.at(-1)).toMatchObject({ counted: 1 });
    expect((await say(`answer ${rightText(answer)}`)).body).toMatch(/✅ \*Right!\*/);
    expect((await say('review')).body).toMatch(/^Nothing to review/);
  });

  it('counts two answers sent at once, handled by two workers, as two attempts, never one twice', async () => {
    clock.set('2026-06-07T10:00:00Z');
    const { code, answer } = await numericChallenge('probability hard');
    const before = twilio.sentTo(learner).length;
    await Promise.all([inbound(`answer ${wrongText(answer)}`), inbound(`answer ${wrongText(answer)}`)]);
    await waitFor('both answered', () => twilio.sentTo(learner).length >= before + 2);
    const rows = await database.db('attempts').where({ phone, challenge_code: code }).orderBy('attempt_no');
    expect(rows.map((row) => row.attempt_no)).toEqual([1, 2]);
    expect(await database.db('learner_challenges').where({ phone, challenge_code: code }).first()).toMatchObject({
      attempts: 2,
      status: 'open',
    });
  });

  it('never takes everyday messages for an attempt', async () => {
    clock.set('2026-06-08T09:00:00Z');
    const { code } = await numericChallenge();
    for (const text of ['thanks', 'ok', 'hi', 'what is this']) {
      const reply = await say(text);
      expect(reply.body).not.toMatch(/Not quite|can't read that/);
      expect(reply.body).not.toMatch(/Did you mean \*statistics\*/);
    }
    expect(await database.db('attempts').where({ phone, challenge_code: code })).toEqual([]);
  });
});
