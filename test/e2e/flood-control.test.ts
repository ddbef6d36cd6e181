import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, DASHBOARD, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

describe('a number flooding the bot', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'flood', ingressEnv: { FLOOD_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is acknowledged, told once, and its extra messages are not processed', async () => {
    const flooder = 'whatsapp:+27825557001';
    // The limit counts per clock minute: start the burst well inside one.
    await waitFor('a fresh clock minute', () => Date.now() % 60_000 < 50_000, 15_000);
    const responses = [];
    for (let i = 0; i < 12; i++) responses.push(await stack.send(flooder, 'help'));
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(200));

    const rows = await waitFor('six settled interactions', async () => {
      const rows = await stack.database.db('interactions').where({ phone: '27825557001' }).orderBy('id');
      return rows.length >= 6 && rows.every((row) => row.status !== 'pending') && rows;
    });
    // Jobs run concurrently, so the notice may be recorded before some of the accepted messages.
    expect(rows.map((row) => row.outcome).sort()).toEqual(['flood_notice', 'menu', 'menu', 'menu', 'menu', 'menu']);
    const replies = await stack.waitForReplies(flooder, 6);
    expect(replies.filter((reply) => /faster than I can answer/.test(reply.body))).toHaveLength(1);
    for (const response of responses.slice(6))
      expect(await stack.queue.inbound.getJob(response.messageSid)).toBeUndefined();

    // Another learner is not affected.
    await stack.send('whatsapp:+27825557002', 'help');
    await stack.waitForReplies('whatsapp:+27825557002', 1);

    const auth = {
      authorization: `Basic ${Buffer.from(`${DASHBOARD.user}:${DASHBOARD.password}`).toString('base64')}`,
    };
    const metrics = await (await fetch(`${stack.dashboardUrl}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(/datadrill_webhooks_total\{route="\/bot",outcome="flooded"\} 6/);
    expect(stack.repliesTo(flooder)).toHaveLength(6);
  });
});
