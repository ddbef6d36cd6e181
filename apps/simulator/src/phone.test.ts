import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadEnv } from '@datadrill/core';
import { FakeTwilio, signWebhook } from '@datadrill/fake-twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { followBot } from './bot-messages.js';
import { type ChatEvent, Conversation } from './conversation.js';
import { simulatorEnvSchema } from './env.js';
import { type Phones, simulatedPhones } from './phone.js';
import { PhoneFiles } from './phone-files.js';

const ACCOUNT_SID = `AC${'b2'.repeat(16)}`;
const AUTH_TOKEN = 'phone-test-token-0123456789';
const PUBLIC_URL = 'https://bot.datadrill.test';
const LEARNER = '+15550009001';

/** What the ingress received: each request's path, form fields and whether Twilio's signature holds. */
type Received = { path: string; params: Record<string, string>; signed: boolean };

describe("the learners' phones", () => {
  let twilio: FakeTwilio;
  let ingress: Server;
  let received: Received[];
  let conversation: Conversation;
  let phones: Phones;

  beforeAll(async () => {
    twilio = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
    ingress = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const path = req.url ?? '';
        const signed = req.headers['x-twilio-signature'] === signWebhook(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);
        received.push({ path, params, signed });
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
      });
    });
    await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await twilio?.close();
    await new Promise((resolve) => ingress?.close(resolve));
  });

  beforeEach(() => {
    received = [];
    const env = loadEnv(simulatorEnvSchema, {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      PUBLIC_URL,
      INGRESS_URL: `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`,
    });
    conversation = new Conversation();
    twilio.removeAllListeners();
    followBot(twilio, conversation);
    phones = simulatedPhones({ env, conversation, twilio });
  });

  const botMessage = (content: ChatEvent['content']): ChatEvent => {
    const event: ChatEvent = {
      id: `SM${'c3'.repeat(16)}`,
      kind: 'bot',
      number: LEARNER,
      text: content?.body ?? '',
      at: new Date().toISOString(),
      status: 'sent',
      content,
    };
    conversation.publish(event);
    return event;
  };

  it('taps a quick-reply button as Twilio posts it, once per message', async () => {
    const message = botMessage({
      type: 'twilio/quick-reply',
      body: 'A challenge',
      buttons: [
        { title: 'Hint', id: 'dd:hint:python-easy-001' },
        { title: 'Solution', id: 'dd:solution:python-easy-001' },
      ],
    });
    expect(await phones.tap(LEARNER, message.id, 'dd:hint:python-easy-001')).toMatchObject({ status: 202 });
    expect(received).toEqual([
      {
        path: '/bot',
        signed: true,
        params: expect.objectContaining({
          Body: 'Hint',
          ButtonText: 'Hint',
          ButtonPayload: 'dd:hint:python-easy-001',
          MessageType: 'button',
          OriginalRepliedMessageSid: message.id,
          From: `whatsapp:${LEARNER}`,
        }),
      },
    ]);
    expect(conversation.find(message.id)?.tapped).toBe('dd:hint:python-easy-001');
    const tap = conversation.history().find((event) => event.kind === 'learner');
    expect(tap).toMatchObject({ text: 'Hint', repliedTo: message.id, status: 'queued' });
    expect(await phones.tap(LEARNER, message.id, 'dd:solution:python-easy-001')).toMatchObject({ status: 409 });
    expect(received).toHaveLength(1);
  });

  it('picks a list row as Twilio posts it, as often as the learner likes', async () => {
    const message = botMessage({
      type: 'twilio/list-picker',
      body: 'Topics',
      button: 'Topics',
      items: [{ item: 'SQL', id: 'dd:topic:sql', description: 'Joins' }],
    });
    await phones.tap(LEARNER, message.id, 'dd:topic:sql');
    await phones.tap(LEARNER, message.id, 'dd:topic:sql');
    expect(received.map((request) => request.params)).toEqual([
      expect.objectContaining({ Body: 'SQL', ListId: 'dd:topic:sql', ListTitle: 'SQL', MessageType: 'interactive' }),
      expect.objectContaining({ ListId: 'dd:topic:sql', OriginalRepliedMessageSid: message.id }),
    ]);
  });

  it('refuses a tap on what is not there: another chat, an unknown row, a plain message', async () => {
    const list = botMessage({
      type: 'twilio/list-picker',
      body: 'x',
      button: 'Pick',
      items: [{ item: 'A', id: 'a', description: '' }],
    });
    expect(await phones.tap('+15550000000', list.id, 'a')).toMatchObject({ status: 404 });
    expect(await phones.tap(LEARNER, list.id, 'b')).toMatchObject({ status: 404 });
    expect(await phones.tap(LEARNER, 'SMnone', 'a')).toMatchObject({ status: 404 });
    expect(received).toEqual([]);
  });

  it('attaches a photo: the fake Twilio holds it behind Basic auth, the webhook carries its MediaUrl0', async () => {
    const bytes = Buffer.from('89504e470d0a1a0a0000', 'hex');
    const file = new PhoneFiles().keep(bytes, 'image/png', 'traceback.png');
    expect(await phones.attach(LEARNER, 'ask why?', file)).toMatchObject({ status: 202 });
    const params = received[0]?.params ?? {};
    expect(params).toMatchObject({
      Body: 'ask why?',
      NumMedia: '1',
      MediaContentType0: 'image/png',
      MessageType: 'image',
    });
    const mediaPath = new URL(params.MediaUrl0 ?? '').pathname;
    const auth = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    const served = await fetch(`${twilio.url}${mediaPath}`, { headers: { authorization: auth } });
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${twilio.url}${mediaPath}`, { redirect: 'manual' })).status).toBe(401);
    const bubble = conversation.history().find((event) => event.kind === 'learner');
    expect(bubble?.media).toEqual([{ url: `/api/files/${file.id}`, contentType: 'image/png', name: 'traceback.png' }]);
  });

  it("marks the learner's messages answered when the bot replies, and reports the bot's read as Twilio does", async () => {
    await phones.send(LEARNER, 'help');
    const response = await fetch(`${twilio.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        From: 'whatsapp:+14155238886',
        To: `whatsapp:${LEARNER}`,
        Body: 'The menu',
        StatusCallback: `${PUBLIC_URL}/twilio/status`,
      }),
    });
    const { sid } = (await response.json()) as { sid: string };
    expect(conversation.history().map((event) => [event.kind, event.status])).toEqual([
      ['learner', 'answered'],
      ['bot', 'sent'],
    ]);
    await phones.read([sid, sid]);
    expect(conversation.find(sid)?.status).toBe('read');
    const reports = received.filter((request) => request.path === '/twilio/status');
    expect(reports.map((request) => [request.params.MessageSid, request.params.MessageStatus, request.signed])).toEqual(
      [
        [sid, 'delivered', true],
        [sid, 'read', true],
      ],
    );
  });
});
