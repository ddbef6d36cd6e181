import { maskPhone } from '@datadrill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

const CODE = /\[([a-z-]+-(?:easy|medium|hard)-\d{3})\]/;

describe('a learner on WhatsApp', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'flow' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const interactions = (phone: string) => stack.database.db('interactions').where({ phone }).orderBy('id').select('*');

  it('gets five different python easy challenges, then a limit reply saying when the next one is due', async () => {
    const learner = 'whatsapp:+27825550101';
    for (let i = 1; i <= 5; i++) {
      const response = await stack.send(learner, i === 3 ? '  PYTHON   Easy ' : 'python easy');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      await stack.waitForReplies(learner, i);
    }
    await stack.send(learner, 'python easy');
    const replies = await stack.waitForReplies(learner, 6);

    const codes = replies.slice(0, 5).map((reply) => CODE.exec(reply.body)?.[1]);
    expect(codes.every((code) => code?.startsWith('python-easy-'))).toBe(true);
    expect(new Set(codes).size).toBe(5);
    expect(replies[5]?.body).toMatch(/limit/i);
    expect(replies[5]?.body).toMatch(/in 2[34]h( \d+m)?/);
    expect(replies.every((reply) => reply.from === 'whatsapp:+14155238886' && reply.to === learner)).toBe(true);

    const rows = await waitFor('the limit reply to be recorded', async () => {
      const rows = await interactions('27825550101');
      return rows.length === 6 && rows.every((row) => row.status !== 'pending') && rows;
    });
    expect(rows.map((row) => Number(row.counted))).toEqual([1, 1, 1, 1, 1, 0]);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'limited']);
    expect(rows.slice(0, 5).map((row) => row.challenge_code)).toEqual(codes);
    expect(rows[2]?.keywords).toBe('  PYTHON   Easy ');
  });

  it('answers help and nonsense without counting them', async () => {
    const learner = 'whatsapp:+447700900123';
    await stack.send(learner, 'help');
    const [menu] = await stack.waitForReplies(learner, 1);
    expect(menu?.body).toMatch(/python easy/);
    for (const topic of ['python', 'sql', 'statistics', 'linear-algebra']) expect(menu?.body).toContain(topic);

    await stack.send(learner, 'what is the meaning of life');
    const [, confused] = await stack.waitForReplies(learner, 2);
    expect(confused?.body).toMatch(/didn't understand "what is the meaning of life"/);
    expect(confused?.body).toMatch(/help/);

    await stack.send(learner, 'sql easy');
    const [, , challenge] = await stack.waitForReplies(learner, 3);
    expect(challenge?.body).toMatch(/\[sql-easy-\d{3}\]/);
    expect(challenge?.body).toMatch(/4 more challenges available today/);

    const rows = await waitFor('three recorded interactions', async () => {
      const rows = await interactions('447700900123');
      return rows.length === 3 && rows.every((row) => row.status === 'sent') && rows;
    });
    expect(rows.map((row) => [row.command, Number(row.counted)])).toEqual([
      ['help', 0],
      ['unknown', 0],
      ['challenge', 1],
    ]);
  });

  it('refuses a webhook with a bad or missing signature and queues nothing', async () => {
    const learner = 'whatsapp:+15550009999';
    const signed = stack.webhookParams(learner, 'python easy');
    const tampered = { ...signed, Body: 'python hard' };
    const unsigned = stack.webhookParams(learner, 'python easy');

    expect((await stack.post(tampered, stack.sign(signed))).status).toBe(403);
    expect((await stack.post(unsigned, undefined)).status).toBe(403);

    // A correctly signed message afterwards is answered, and it is the only one.
    await stack.send(learner, 'help');
    await stack.waitForReplies(learner, 1);
    expect(await stack.queue.inbound.getJob(signed.MessageSid ?? '')).toBeUndefined();
    expect(await stack.queue.inbound.getJob(unsigned.MessageSid ?? '')).toBeUndefined();
    expect((await interactions('15550009999')).map((row: { command: string }) => row.command)).toEqual(['help']);
    expect(stack.repliesTo(learner)).toHaveLength(1);
  });

  it('accepts only Twilio-sized form posts: 415 for other content types, 413 for oversized bodies', async () => {
    const params = stack.webhookParams('whatsapp:+15550007777', 'python easy');
    const json = await fetch(`${stack.ingressUrl}/bot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twilio-signature': stack.sign(params) },
      body: JSON.stringify(params),
    });
    expect(json.status).toBe(415);
    const huge = stack.webhookParams('whatsapp:+15550007777', 'x'.repeat(70 * 1024));
    const tooLarge = await stack.post(huge, stack.sign(huge));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(await stack.queue.inbound.getJob(params.MessageSid ?? '')).toBeUndefined();
    expect(await stack.queue.inbound.getJob(huge.MessageSid ?? '')).toBeUndefined();
  });

  it('refuses a correctly signed webhook from another Twilio account', async () => {
    const response = await stack.send('whatsapp:+15550008888', 'python easy', { AccountSid: `AC${'b2'.repeat(16)}` });
    expect(response.status).toBe(403);
    expect(await stack.queue.inbound.getJob(response.messageSid)).toBeUndefined();
  });

  it('answers a webhook Twilio delivers three times only once', async () => {
    const learner = 'whatsapp:+5511987654321';
    const messageSid = `SM${'c3'.repeat(16)}`;
    const responses = await Promise.all(
      [1, 2, 3].map(() => stack.send(learner, 'sql medium', { MessageSid: messageSid })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    await waitFor('the message to be answered', async () => {
      const [row] = await interactions('5511987654321');
      return row?.status === 'sent';
    });
    const job = await stack.queue.inbound.getJob(messageSid);
    await waitFor('the job to complete', async () => (await job?.isCompleted()) === true);
    expect(stack.repliesTo(learner)).toHaveLength(1);
    expect(await interactions('5511987654321')).toHaveLength(1);
  });

  it('stores any text exactly, and keeps numbers and texts out of the logs', async () => {
    const learner = 'whatsapp:+971501234567';
    const text = `مرحبا 👋🏽 "quotes" 'and' \\ backslash; DROP TABLE interactions; -- שלום 你好`;
    await stack.send(learner, text);
    await stack.waitForReplies(learner, 1);
    const row = await waitFor('the message to be recorded', async () =>
      stack.database.db('interactions').where({ phone: '971501234567' }).first(),
    );
    expect(row.keywords).toBe(text);

    const logs = [...stack.ingress.output, ...stack.workers.flatMap((worker) => worker.output)].join('\n');
    expect(logs).toContain(maskPhone(learner));
    for (const secret of ['971501234567', 'DROP TABLE', 'مرحبا', 'python easy', 'test-auth-token']) {
      expect(logs).not.toContain(secret);
    }
  });
});
