import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

describe("learners' consent", () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'consent', workerEnv: { PRIVACY_URL: 'https://school.example/privacy' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const events = (phone: string) => stack.database.db('consent_events').where({ phone }).orderBy('id');
  const settled = (phone: string) =>
    waitFor('every interaction settled', async () => {
      const pending = await stack.database.db('interactions').where({ phone, status: 'pending' }).first();
      return !pending;
    });

  /** A message the bot starts on its own (as a notice, a held answer's template or a daily challenge is). */
  async function botMessage(to: string, body: string): Promise<number> {
    const now = new Date();
    const [id] = await stack.database.db('outbound_messages').insert({
      to_address: to,
      body,
      status: 'pending',
      initiated_by: 'bot',
      created_at: now,
      updated_at: now,
    });
    return Number(id);
  }

  it('welcomes a first contact once: who writes, what is kept and why, how to stop, the privacy notice', async () => {
    const learner = 'whatsapp:+27825553001';
    const first = await stack.say(learner, 'python easy');
    expect(first).toMatch(/^👋 Welcome to \*DataDrill\*/);
    expect(first).toMatch(/We keep your number.*Reply \*STOP\*.*https:\/\/school\.example\/privacy/s);
    expect(first).toMatch(/\[python-easy-\d{3}\]/);
    expect(await stack.say(learner, 'help')).not.toMatch(/Welcome to/);
  });

  it('STOP opts out and is confirmed once; a message the bot starts is never sent, one queued before it included', async () => {
    const learner = 'whatsapp:+27825553002';
    const phone = '27825553002';
    await stack.say(learner, 'help');
    const queuedBefore = await botMessage(learner, 'A notice queued before the STOP');
    expect(await stack.say(learner, 'STOP')).toMatch(/unsubscribed.*START/s);
    await stack.queue.outboundJob(queuedBefore);
    await stack.queue.outboundJob(await botMessage(learner, 'A notice queued after the STOP'));
    await waitFor('both notices dropped', async () => {
      const rows = await stack.database.db('outbound_messages').where({ to_address: learner, initiated_by: 'bot' });
      return rows.length === 2 && rows.every((row) => row.status === 'failed') && rows;
    });
    expect(stack.repliesTo(learner).map((reply) => reply.body)).not.toContainEqual(
      expect.stringMatching(/notice queued/),
    );
    expect((await events(phone)).map((e) => [e.event, e.keyword, e.channel])).toEqual([
      ['opt_out', 'stop', 'whatsapp'],
    ]);

    // A second STOP changes nothing and is not answered again.
    await stack.send(learner, 'stop');
    await settled(phone);
    expect(stack.repliesTo(learner).filter((reply) => /unsubscribed/.test(reply.body))).toHaveLength(1);

    // Writing again is answered (they started it), without opting back in.
    expect(await stack.say(learner, 'topics')).toMatch(/\*Topics\*/);
    const row = await stack.database.db('learners').where({ phone }).first();
    expect(row.opted_out_at).not.toBeNull();

    // START opts back in; what the bot starts is sent again.
    expect(await stack.say(learner, 'START')).toMatch(/Welcome back/);
    expect((await events(phone)).map((e) => e.event)).toEqual(['opt_out', 'opt_in']);
    await stack.queue.outboundJob(await botMessage(learner, 'A notice after START'));
    await stack.waitForReplies(learner, stack.repliesTo(learner).length + 1);
    expect(stack.repliesTo(learner).at(-1)?.body).toBe('A notice after START');
  });

  it("records a STOP that Twilio's Advanced Opt-Out already answered, without answering again", async () => {
    const learner = 'whatsapp:+27825553003';
    const phone = '27825553003';
    await stack.say(learner, 'help');
    await stack.send(learner, 'STOP', { OptOutType: 'STOP' });
    await waitFor('the opt-out recorded', async () => (await events(phone)).length === 1);
    await settled(phone);
    expect((await events(phone))[0]).toMatchObject({ event: 'opt_out', channel: 'twilio_opt_out' });
    expect(stack.repliesTo(learner)).toHaveLength(1);
  });

  it("records Twilio's 21610 (the recipient unsubscribed) as an opt-out and never retries it", async () => {
    const learner = 'whatsapp:+27825553004';
    const phone = '27825553004';
    await stack.say(learner, 'help');
    stack.twilio.failNext({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const before = stack.twilio.createCalls;
    await stack.send(learner, 'python easy');
    await waitFor('the opt-out recorded', async () => (await events(phone)).length === 1);
    expect((await events(phone))[0]).toMatchObject({ event: 'opt_out', channel: 'twilio_21610' });
    await settled(phone);
    expect(stack.twilio.createCalls - before).toBe(1);
    expect(await stack.database.db('interactions').where({ phone, outcome: 'challenge' }).first()).toMatchObject({
      status: 'failed',
      counted: 0,
    });
  });
});
