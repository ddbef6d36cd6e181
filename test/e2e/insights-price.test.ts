import { openQueues } from '@datadrill/ops';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpInsights } from '../../apps/worker/src/repositories/insights-rollup.js';
import { type BotStack, PUBLIC_URL, startBotStack } from '../support/bot-stack.js';
import { startInsights } from '../support/insights-app.js';
import { TEST_REDIS_URL } from '../support/test-queue.js';
import { waitFor } from '../support/wait-for.js';

/** Checks 200 ms after the final status, then 400, 800, 1600 and 3200 ms later: 6.2 s in all. */
const FIRST_CHECK_MS = 200;

describe("Twilio's price of the messages sent", () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({
      label: 'insights-price',
      workerEnv: { PUBLIC_URL, TWILIO_PRICE_CHECK_MS: String(FIRST_CHECK_MS) },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const outboundOf = (sid: string) => stack.database.db('outbound_messages').where({ twilio_sid: sid }).first();
  const fetches = (sid: string) => stack.twilio.fetchedSids.filter((fetched) => fetched === sid).length;
  const report = (message: Parameters<BotStack['twilio']['reportStatus']>[0], status: string) =>
    stack.twilio.reportStatus(message, status, { postTo: `${stack.ingressUrl}/twilio/status` });

  async function deliveredReply(learner: string, text: string) {
    await stack.send(learner, text);
    const [reply] = await stack.waitForReplies(learner, 1);
    if (!reply) throw new Error('no reply');
    await waitFor('the reply marked sent', async () => (await outboundOf(reply.sid))?.status === 'sent');
    expect((await report(reply, 'delivered')).status).toBe(204);
    return reply;
  }

  it('is looked up once the message is final, again while Twilio has none, stored, and shown on the delivery page', async () => {
    const reply = await deliveredReply('whatsapp:+27825559001', 'python easy');
    // Twilio has not priced it yet: the first look finds null, and another is queued.
    await waitFor('the first price check', () => fetches(reply.sid) >= 1);
    expect(await outboundOf(reply.sid)).toMatchObject({ price: null, price_unit: null });
    stack.twilio.setPrice(reply.sid, '-0.00500', 'USD');
    await waitFor('the price stored', async () => (await outboundOf(reply.sid))?.price !== null, 15_000);
    expect(await outboundOf(reply.sid)).toMatchObject({ price: '-0.00500', price_unit: 'USD' });
    expect(fetches(reply.sid)).toBeGreaterThanOrEqual(2);
    // A later report of the same message (read) asks Twilio nothing more: the price is kept.
    const before = fetches(reply.sid);
    expect((await report(reply, 'read')).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, FIRST_CHECK_MS * 4));
    expect(fetches(reply.sid)).toBe(before);

    await rollUpInsights(stack.database.db, { zone: 'UTC', now: new Date() });
    const dashboard = await startInsights(stack.database.url, { password: undefined });
    try {
      const today = new Date().toISOString().slice(0, 10);
      const page = await dashboard.app.inject({ url: `/delivery?from=${today}&to=${today}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/<td>0\.0050 USD<\/td>/);
    } finally {
      await dashboard.close();
    }
  });

  it('gives up quietly when Twilio never reports one: five looks, no failed job', async () => {
    const reply = await deliveredReply('whatsapp:+27825559002', 'sql easy');
    await waitFor('five price checks', () => fetches(reply.sid) >= 5, 20_000);
    await new Promise((resolve) => setTimeout(resolve, FIRST_CHECK_MS * 2 ** 5));
    expect(fetches(reply.sid)).toBe(5);
    expect(await outboundOf(reply.sid)).toMatchObject({ price: null });
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queues = openQueues({ connection: redis, prefix: stack.queue.prefix }, () => {});
    try {
      expect(await queues.status.getFailedCount()).toBe(0);
    } finally {
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      redis.disconnect();
    }
  });
});
