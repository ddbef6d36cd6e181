import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, PUBLIC_URL, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

describe("Twilio's status callbacks", () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'status', workerEnv: { PUBLIC_URL } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const outboundOf = (sid: string) => stack.database.db('outbound_messages').where({ twilio_sid: sid }).first();

  it('refunds a challenge Twilio could not deliver after accepting it, records the code, and tells the learner', async () => {
    const learner = 'whatsapp:+27825558001';
    await stack.send(learner, 'python easy');
    const [challenge] = await stack.waitForReplies(learner, 1);
    if (!challenge) throw new Error('no reply');
    expect(challenge.statusCallback).toBe(`${PUBLIC_URL}/twilio/status`);
    await waitFor('the reply to be marked sent', async () => (await outboundOf(challenge.sid))?.status === 'sent');

    const callback = await stack.twilio.reportStatus(challenge, 'undelivered', {
      errorCode: 30008,
      postTo: `${stack.ingressUrl}/twilio/status`,
    });
    expect(callback.status).toBe(204);

    const [, notice] = await stack.waitForReplies(learner, 2);
    expect(notice?.body).toMatch(/couldn't deliver/);
    expect(await outboundOf(challenge.sid)).toMatchObject({ status: 'failed', error_code: 30008 });
    const interaction = await stack.database.db('interactions').where({ phone: '27825558001' }).first();
    expect(interaction).toMatchObject({ status: 'failed', counted: 0 });
    expect(interaction.error).toMatch(/undelivered \(code 30008\)/);

    // The same report again changes nothing and sends nothing.
    await stack.twilio.reportStatus(challenge, 'undelivered', {
      errorCode: 30008,
      postTo: `${stack.ingressUrl}/twilio/status`,
    });
    await stack.send(learner, 'help');
    await stack.waitForReplies(learner, 3);
    expect(stack.repliesTo(learner)).toHaveLength(3);
  });

  it('keeps a failure reported before the SID was stored and applies it when the SID lands', async () => {
    const learner = 'whatsapp:+27825558003';
    // Twilio answers the create call after 1 s, but reports the failure at once.
    stack.twilio.setLatency(1000);
    const reported = new Promise<number>((resolve) =>
      stack.twilio.once('message', (message) => {
        void stack.twilio
          .reportStatus(message, 'failed', { errorCode: 30008, postTo: `${stack.ingressUrl}/twilio/status` })
          .then((response) => resolve(response.status));
      }),
    );
    await stack.send(learner, 'sql medium');
    expect(await reported).toBe(204);
    stack.twilio.setLatency(0);
    const [challenge, notice] = await stack.waitForReplies(learner, 2);
    expect(notice?.body).toMatch(/couldn't deliver/);
    expect(await outboundOf(challenge?.sid ?? '')).toMatchObject({ status: 'failed', error_code: 30008 });
    const interaction = await stack.database.db('interactions').where({ phone: '27825558003' }).first();
    expect(interaction).toMatchObject({ status: 'failed', counted: 0 });
  });

  it('refunds a challenge WhatsApp refused for its recipient (63016) without a notice the same channel would refuse', async () => {
    const learner = 'whatsapp:+27825558004';
    await stack.send(learner, 'python hard');
    const [challenge] = await stack.waitForReplies(learner, 1);
    if (!challenge) throw new Error('no reply');
    await waitFor('the reply to be marked sent', async () => (await outboundOf(challenge.sid))?.status === 'sent');
    await stack.twilio.reportStatus(challenge, 'undelivered', {
      errorCode: 63016,
      postTo: `${stack.ingressUrl}/twilio/status`,
    });
    await waitFor('the refund', async () => {
      const row = await stack.database.db('interactions').where({ phone: '27825558004' }).first();
      return row?.status === 'failed' && row;
    });
    // The next message the learner sends is answered; nothing was sent in between.
    await stack.send(learner, 'help');
    const [, menu] = await stack.waitForReplies(learner, 2);
    expect(menu?.body).not.toMatch(/couldn't deliver/);
  });

  it('records a delivered message as delivered', async () => {
    const learner = 'whatsapp:+27825558002';
    await stack.send(learner, 'help');
    const [menu] = await stack.waitForReplies(learner, 1);
    if (!menu) throw new Error('no reply');
    await waitFor('the reply to be marked sent', async () => (await outboundOf(menu.sid))?.status === 'sent');
    await stack.twilio.reportStatus(menu, 'delivered', { postTo: `${stack.ingressUrl}/twilio/status` });
    await waitFor('the delivery to be recorded', async () => (await outboundOf(menu.sid))?.status === 'delivered');
  });

  it('refuses a status callback without a valid signature', async () => {
    const response = await fetch(`${stack.ingressUrl}/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      body: new URLSearchParams({
        MessageSid: `SM${'d'.repeat(32)}`,
        MessageStatus: 'failed',
        AccountSid: stack.accountSid,
      }),
    });
    expect(response.status).toBe(403);
  });
});
