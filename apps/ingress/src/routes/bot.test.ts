import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestIngress,
  inboundParams,
  type TestIngress,
  TWILIO,
  twilioForm,
  twilioSignature,
} from '../../../../test/support/ingress-app.js';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const BOT_NUMBER = 'whatsapp:+14155238886';
const FLOOD_LIMIT = 3;

describe('POST /bot', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('bot', { floodLimit: FLOOD_LIMIT });
  });
  afterAll(async () => {
    await ingress?.close();
  });

  const params = (from: string, body: string, overrides: Record<string, string> = {}) =>
    inboundParams(TWILIO.accountSid, from, BOT_NUMBER, body, overrides);
  const post = (form: Record<string, string>, signature?: string | null) =>
    ingress.app.inject(twilioForm('/bot', form, signature));
  /** Every inbound job carrying this message, whatever its job id. */
  const jobsFor = async (messageSid: string) =>
    (await ingress.queues.inbound.getJobs(['waiting'])).filter((job) => job.data.messageSid === messageSid);

  it('acknowledges a signed message with empty TwiML and queues it under its MessageSid', async () => {
    const form = params('whatsapp:+27825550101', 'pandas easy', { ProfileName: 'Thandi' });
    const response = await post(form);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.body).toBe(EMPTY_TWIML);

    const job = await ingress.queues.inbound.getJob(form.MessageSid as string);
    expect(job?.name).toBe('message');
    expect(job?.data).toEqual({
      messageSid: form.MessageSid,
      accountSid: TWILIO.accountSid,
      from: 'whatsapp:+27825550101',
      to: BOT_NUMBER,
      body: 'pandas easy',
      profileName: 'Thandi',
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('queues a webhook Twilio delivers twice only once', async () => {
    const form = params('whatsapp:+27825550102', 'help');
    const first = await post(form);
    const second = await post(form);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.body).toBe(EMPTY_TWIML);
    expect(await jobsFor(form.MessageSid as string)).toHaveLength(1);
  });

  it('refuses a bad, missing or wrongly addressed signature with 403 and queues nothing', async () => {
    const form = params('whatsapp:+27825550103', 'help');
    const tampered = await post({ ...form, Body: 'something else' }, twilioSignature(`${TWILIO.publicUrl}/bot`, form));
    const missing = await post(form, null);
    // Behind a proxy the app sees another origin; only the public URL Twilio called counts.
    const internal = await post(form, twilioSignature('http://127.0.0.1:3000/bot', form));
    for (const response of [tampered, missing, internal]) {
      expect(response.statusCode).toBe(403);
      expect(response.body).toBe('Invalid Twilio signature');
    }
    expect(await jobsFor(form.MessageSid as string)).toEqual([]);
  });

  it('refuses a message signed for another Twilio account with 403', async () => {
    const form = params('whatsapp:+27825550104', 'help', { AccountSid: `AC${'b2'.repeat(16)}` });
    const response = await post(form);
    expect(response.statusCode).toBe(403);
    expect(response.body).toBe('Unknown account');
    expect(await jobsFor(form.MessageSid as string)).toEqual([]);
  });

  it('refuses a signed webhook that is not a message with 400 and the reason', async () => {
    const form = params('whatsapp:+27825550105', 'help', { MessageSid: 'SM-not-a-sid' });
    const response = await post(form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/^Bad webhook: messageSid: a Twilio message SID/);
    expect(await jobsFor('SM-not-a-sid')).toEqual([]);
  });

  it('refuses JSON with 415 and a body over 64 KiB with 413', async () => {
    const json = await ingress.app.inject({
      method: 'POST',
      url: '/bot',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(params('whatsapp:+27825550106', 'help')),
    });
    expect(json.statusCode).toBe(415);

    const huge = params('whatsapp:+27825550106', 'x'.repeat(65 * 1024));
    const tooLarge = await post(huge);
    expect(tooLarge.statusCode).toBe(413);
    expect(await jobsFor(huge.MessageSid as string)).toEqual([]);
  });

  it('acknowledges a flooding sender, queues the first extra message as flooded and drops the rest', async () => {
    const forms = Array.from({ length: FLOOD_LIMIT + 2 }, (_, i) => params('whatsapp:+27825550107', `help ${i}`));
    for (const form of forms) {
      const response = await post(form);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(EMPTY_TWIML);
    }
    const jobs = await Promise.all(forms.map((form) => ingress.queues.inbound.getJob(form.MessageSid as string)));
    expect(jobs.map((job) => job?.data.flooded)).toEqual([undefined, undefined, undefined, true, undefined]);
    expect(jobs.map((job) => job !== undefined)).toEqual([true, true, true, true, false]);
    // Another number is not held back by the flooder.
    const other = params('whatsapp:+27825550108', 'help');
    expect((await post(other)).statusCode).toBe(200);
    expect((await ingress.queues.inbound.getJob(other.MessageSid as string))?.data.flooded).toBeUndefined();
  });
});

describe('POST /bot while Redis is unreachable', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('bot-down', { redisUrl: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await ingress?.close();
  });

  it('answers 503 with Retry-After so Twilio retries, never 200', async () => {
    const form = inboundParams(TWILIO.accountSid, 'whatsapp:+27825550109', BOT_NUMBER, 'help');
    const response = await ingress.app.inject(twilioForm('/bot', form));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).not.toContain('<Response>');
  });
});
