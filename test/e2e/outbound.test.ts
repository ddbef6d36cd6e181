import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_NUMBER, type BotStack, startBotStack } from '../support/bot-stack.js';
import { countPerClockSecond } from '../support/per-clock-second.js';
import { waitFor } from '../support/wait-for.js';

describe('sending replies', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'outbound', workers: 2, workerEnv: { TWILIO_MPS: '10' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('spreads a burst to the sender’s messages-per-second across all worker processes', async () => {
    const learners = Array.from({ length: 30 }, (_, i) => `whatsapp:+2782555${String(3000 + i)}`);
    const before = stack.twilio.messages.length;
    await Promise.all(learners.map((learner) => stack.send(learner, 'help')));
    await waitFor('30 replies', () => stack.twilio.messages.length - before >= 30, 30_000);

    const times = stack.twilio.messages.slice(before).map((message) => message.receivedAt.getTime());
    // Both processes share one stream of slots about 100 ms apart: 30 messages take about three
    // seconds (unlimited, all within ~0.3 s), and no clock second gets more than Twilio allows.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(2500);
    expect(Math.max(...countPerClockSecond(times).values())).toBeLessThanOrEqual(10);
  });

  it('does not send again a message Twilio accepted before the worker died mid-call', async () => {
    const learner = 'whatsapp:+27825554001';
    const db = stack.database.db;
    const before = stack.twilio.messages.length;
    // The state a crash leaves: the row was claimed and Twilio has the message, but the row was never marked sent.
    const accepted = await sendDirectly(stack, learner, 'Your challenge, sent just before the crash');
    const now = new Date(Date.now() - 1000);
    const [id] = await db('outbound_messages').insert({
      to_address: learner,
      body: accepted.body,
      status: 'sending',
      attempts: 1,
      created_at: now,
      updated_at: now,
    });
    await stack.queue.outboundJob(Number(id));

    await waitFor('the row to be reconciled', async () => {
      const row = await db('outbound_messages').where({ id }).first();
      return row?.status === 'sent' && row;
    });
    const row = await db('outbound_messages').where({ id }).first();
    expect(row.twilio_sid).toBe(accepted.sid);
    expect(stack.twilio.messages.length - before).toBe(1);
  });

  it('sends a claimed message that Twilio never received', async () => {
    const learner = 'whatsapp:+27825554002';
    const db = stack.database.db;
    const now = new Date(Date.now() - 1000);
    const [id] = await db('outbound_messages').insert({
      to_address: learner,
      body: 'Sent after the crash',
      status: 'sending',
      attempts: 1,
      created_at: now,
      updated_at: now,
    });
    await stack.queue.outboundJob(Number(id));
    const [reply] = await stack.waitForReplies(learner, 1);
    expect(reply?.body).toBe('Sent after the crash');
    await waitFor(
      'the row to be sent',
      async () => (await db('outbound_messages').where({ id }).first())?.status === 'sent',
    );
    expect(stack.repliesTo(learner)).toHaveLength(1);
  });
});

/** What Twilio would hold had the worker's call gone through: a message posted with the SDK's own format. */
async function sendDirectly(stack: BotStack, to: string, body: string) {
  const response = await fetch(`${stack.twilio.url}/2010-04-01/Accounts/${stack.accountSid}/Messages.json`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${stack.accountSid}:${stack.authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ To: to, From: BOT_NUMBER, Body: body }),
  });
  return (await response.json()) as { sid: string; body: string };
}
