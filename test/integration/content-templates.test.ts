import { randomBytes } from 'node:crypto';
import { CONTENT_TEMPLATES, type Logger } from '@datadrill/core';
import { FakeTwilio } from '@datadrill/fake-twilio';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentTemplates } from '../../apps/worker/src/adapters/twilio/content-templates.js';
import { createTwilioClient, createTwilioMessenger } from '../../apps/worker/src/adapters/twilio/twilio-messenger.js';
import { TEST_REDIS_URL } from '../support/test-queue.js';

const ACCOUNT_SID = `AC${'c0'.repeat(16)}`;
const AUTH_TOKEN = 'content-templates-test-token';
const FROM = 'whatsapp:+14155238886';
const TO = 'whatsapp:+27825550199';
const warnings: string[] = [];
const log = {
  info() {},
  debug() {},
  error() {},
  warn(_: unknown, message: string) {
    warnings.push(message);
  },
} as unknown as Logger;
const buttons = { type: 'buttons' as const, buttons: [{ title: 'Hint', id: 'dd:hint:python-easy-001' }] };

describe('the bot’s Content API templates', () => {
  let twilio: FakeTwilio;
  const redis = new Redis(TEST_REDIS_URL);
  const lockKey = `dd-test-content-${randomBytes(4).toString('hex')}:lock`;
  beforeAll(async () => {
    twilio = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
  });
  afterAll(async () => {
    await twilio.close();
    await redis.del(lockKey);
    redis.disconnect();
  });
  const settings = () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, apiUrl: twilio.url });
  const templates = (configured: Record<string, string> = {}, retryAfterMs = 60_000) =>
    createContentTemplates(createTwilioClient(settings()), { configured, redis, lockKey, log, retryAfterMs });

  it('goes as plain text while the Content API is down, and uses the templates once it answers', async () => {
    twilio.content.unavailable = true;
    const registry = templates({}, 0);
    const messenger = createTwilioMessenger(settings(), undefined, registry);
    await messenger.send({ to: TO, body: 'A challenge', contentSid: null, actions: buttons });
    await registry.ensure();
    expect(twilio.sentTo(TO).at(-1)?.params).toMatchObject({ Body: 'A challenge' });
    expect(twilio.sentTo(TO).at(-1)?.contentSid).toBeUndefined();
    expect(warnings.at(-1)).toMatch(/Content API unavailable/);

    twilio.content.unavailable = false;
    // The next send asks again in the background (never inside the send) and still goes as text.
    await messenger.send({ to: TO, body: 'A challenge', contentSid: null, actions: buttons });
    await registry.ensure();
    await messenger.send({ to: TO, body: 'A challenge', contentSid: null, actions: buttons });
    const sent = twilio.sentTo(TO).at(-1);
    expect(sent?.contentSid).toBe(
      twilio.content.contents.find((c) => c.friendly_name === 'datadrill_buttons_1_v1')?.sid,
    );
    expect(sent?.content).toEqual({ type: 'twilio/quick-reply', body: 'A challenge', buttons: buttons.buttons });
    expect(twilio.content.contents).toHaveLength(CONTENT_TEMPLATES.size);
  });

  it('sends the words as text, once, when Twilio refuses the template message itself', async () => {
    const registry = templates();
    await registry.ensure();
    const messenger = createTwilioMessenger(settings(), undefined, registry);
    const before = twilio.sentTo(TO).length;
    twilio.failNext({ status: 400, code: 63021, message: 'Invalid content' }, 1, (params) =>
      Boolean(params.ContentSid),
    );
    await messenger.send({ to: TO, body: 'Refused as a template', contentSid: null, actions: buttons });
    const sent = twilio.sentTo(TO).slice(before);
    expect(sent.map((message) => [message.contentSid, message.params.Body])).toEqual([
      [undefined, 'Refused as a template'],
    ]);
  });

  it('finds existing templates by name and creates none again; two starting together create each once', async () => {
    const creates = twilio.content.createCalls;
    await Promise.all([templates().ensure(), templates().ensure()]);
    expect(twilio.content.createCalls).toBe(creates);
    expect(twilio.content.contents).toHaveLength(CONTENT_TEMPLATES.size);
  });

  it('uses a configured ContentSid over the one on the account', async () => {
    const configured = `HX${'9f'.repeat(16)}`;
    twilio.content.approve(configured, '{{1}}', 'configured_buttons');
    const registry = templates({ datadrill_buttons_1_v1: configured });
    expect(await registry.sidOf('datadrill_buttons_1_v1')).toBe(configured);
    await registry.ensure();
    expect(await registry.sidOf('datadrill_list_3_v1')).toMatch(/^HX/);
  });
});
