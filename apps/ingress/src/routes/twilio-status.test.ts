import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestIngress,
  statusParams,
  type TestIngress,
  TWILIO,
  twilioForm,
  twilioSignature,
} from '../../../../test/support/ingress-app.js';

const newSid = () => `SM${randomBytes(16).toString('hex')}`;

describe('POST /twilio/status', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('status');
  });
  afterAll(async () => {
    await ingress?.close();
  });

  const post = (form: Record<string, string>, signature?: string | null) =>
    ingress.app.inject(twilioForm('/twilio/status', form, signature));
  const jobsFor = async (messageSid: string) =>
    (await ingress.queues.status.getJobs(['waiting'])).filter((job) => job.data.messageSid === messageSid);

  it('answers a signed callback with 204 and queues it under MessageSid-MessageStatus', async () => {
    const sid = newSid();
    const response = await post(statusParams(sid, 'undelivered', { ErrorCode: '63016' }));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    const job = await ingress.queues.status.getJob(`${sid}-undelivered`);
    expect(job?.name).toBe('status');
    expect(job?.data).toEqual({ messageSid: sid, status: 'undelivered', errorCode: 63016 });
  });

  it('queues a repeated status once, and each new status of the message on its own', async () => {
    const sid = newSid();
    for (const status of ['sent', 'sent', 'delivered', 'delivered']) {
      expect((await post(statusParams(sid, status, { ErrorCode: '' }))).statusCode).toBe(204);
    }
    const jobs = await jobsFor(sid);
    expect(jobs.map((job) => job.id).sort()).toEqual([`${sid}-delivered`, `${sid}-sent`]);
    expect(jobs.every((job) => job.data.errorCode === undefined)).toBe(true);
  });

  it('refuses a bad or missing signature and a foreign account with 403', async () => {
    const sid = newSid();
    const form = statusParams(sid, 'failed');
    const forged = await post(
      { ...form, MessageStatus: 'delivered' },
      twilioSignature(`${TWILIO.publicUrl}/twilio/status`, form),
    );
    const unsigned = await post(form, null);
    const foreign = await post(statusParams(sid, 'failed', { AccountSid: `AC${'b2'.repeat(16)}` }));
    expect([forged.statusCode, unsigned.statusCode, foreign.statusCode]).toEqual([403, 403, 403]);
    expect(await jobsFor(sid)).toEqual([]);
  });

  it('refuses an unknown MessageStatus or a malformed MessageSid with 400', async () => {
    const sid = newSid();
    const unknown = await post(statusParams(sid, 'exploded'));
    const malformed = await post(statusParams('SM123', 'delivered'));
    expect([unknown.statusCode, malformed.statusCode]).toEqual([400, 400]);
    expect(unknown.body).toBe('Bad status callback');
    expect(await jobsFor(sid)).toEqual([]);
  });
});

describe('POST /twilio/status while Redis is unreachable', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('status-down', { redisUrl: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await ingress?.close();
  });

  it('answers 503 with Retry-After so Twilio calls back again', async () => {
    const response = await ingress.app.inject(twilioForm('/twilio/status', statusParams(newSid(), 'delivered')));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });
});
