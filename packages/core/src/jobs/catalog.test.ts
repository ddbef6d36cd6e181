import { describe, expect, it } from 'vitest';
import {
  bullName,
  catalogName,
  inboundMessageSchema,
  JOBS,
  type JobData,
  type JobName,
  jobOptions,
  jobsOf,
  MAX_KEYWORDS_LENGTH,
} from './catalog.js';

const base = {
  messageSid: `SM${'a'.repeat(32)}`,
  accountSid: `AC${'0'.repeat(32)}`,
  from: 'whatsapp:+27825550101',
  receivedAt: new Date().toISOString(),
};

describe('inboundMessageSchema', () => {
  it('keeps the first 4096 characters of a long message without splitting an emoji', () => {
    const body = `${'x'.repeat(MAX_KEYWORDS_LENGTH - 1)}🐍🐍🐍`;
    const parsed = inboundMessageSchema.parse({ ...base, body });
    expect(Array.from(parsed.body)).toHaveLength(MAX_KEYWORDS_LENGTH);
    expect(parsed.body.endsWith('🐍')).toBe(true);
  });

  it('refuses a payload that is not an inbound message', () => {
    expect(inboundMessageSchema.safeParse({ ...base, messageSid: 'nope' }).success).toBe(false);
    expect(inboundMessageSchema.safeParse({ ...base, from: undefined }).success).toBe(false);
  });
});

describe('the job catalog', () => {
  const retry = { attempts: 6, backoffMs: 2000 };

  it.each<[JobName, JobData<JobName>, string | undefined]>([
    ['inbound.message', inboundMessageSchema.parse(base), base.messageSid],
    ['outbound.send', { outboundId: 42 }, 'outbound-42'],
    ['status.status', { messageSid: base.messageSid, status: 'delivered' }, `${base.messageSid}-delivered`],
    ['status.price', { messageSid: base.messageSid, check: 2 }, `price-${base.messageSid}-2`],
    ['mentor.post-ticket', { kind: 'post-ticket', ticketId: 7 }, 'post-ticket-7'],
    ['mentor.post-follow-up', { kind: 'post-follow-up', followUpId: 9 }, 'post-follow-up-9'],
    ['mentor.attach-file', { kind: 'attach-file', fileId: 11 }, 'attach-file-11'],
    [
      'mentor.reply',
      { kind: 'reply', eventId: 'Ev01', channel: 'C1', threadTs: '1.1', ts: '1.2', user: 'U1', text: 'hi' },
      'slack-Ev01',
    ],
    ['mentor.close', { kind: 'close', eventId: 'Ev02', channel: 'C1', ts: '1.1', user: 'U1' }, 'slack-Ev02'],
    ['mentor.note', { kind: 'note', ticketId: 7, text: 'noted' }, undefined],
  ])('%s: the job id that makes a repeat a no-op is %s', (name, data, jobId) => {
    expect(jobOptions(name, data, retry).jobId).toBe(jobId);
  });

  it('runs price checks behind status reports on the status queue (BullMQ priority)', () => {
    expect(JOBS['status.price'].queue).toBe('status');
    expect(jobOptions('status.price', { messageSid: base.messageSid, check: 1 }, retry)).toMatchObject({
      priority: 100,
    });
    expect(jobOptions('status.status', { messageSid: base.messageSid, status: 'read' }, retry)).not.toHaveProperty(
      'priority',
    );
  });

  it('retries with exponential backoff and jitter, keeps completed jobs a day (so ids deduplicate) and failed ones as evidence', () => {
    expect(
      jobOptions('status.status', { messageSid: `SM${'a'.repeat(32)}`, status: 'delivered' }, retry),
    ).toMatchObject({
      attempts: 6,
      backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
      removeOnComplete: { age: 86_400 },
      removeOnFail: { age: 14 * 86_400 },
    });
  });

  it("keeps jobs that carry a learner's words minutes, not a day, and a failed one without them", () => {
    expect(jobOptions('outbound.send', { outboundId: 1 }, retry)).toMatchObject({ removeOnComplete: { age: 900 } });
    const message = {
      messageSid: `SM${'b'.repeat(32)}`,
      accountSid: `AC${'c'.repeat(32)}`,
      from: 'whatsapp:+27825550101',
      to: 'whatsapp:+14155238886',
      body: 'my password is hunter2',
      profileName: 'Thandi',
      receivedAt: '2026-12-01T10:00:00.000Z',
      media: [
        { url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', contentType: 'image/png' },
      ],
    };
    expect(jobOptions('inbound.message', message, retry)).toMatchObject({ removeOnComplete: { age: 900 } });
    const kept = JOBS['inbound.message'].redact?.(message);
    expect(kept).toMatchObject({ messageSid: message.messageSid, from: message.from, body: '' });
    expect(JSON.stringify(kept)).not.toMatch(/hunter2|Thandi|Media/);
    const reply = { outboundId: 7, message: { to: 'whatsapp:+27825550101', body: 'secret' } };
    expect(JOBS['outbound.send'].redact?.(reply as never)).toEqual({ outboundId: 7 });
  });

  it('knows every job by queue and BullMQ name, and nothing else', () => {
    expect(jobsOf('mentor')).toHaveLength(7);
    expect(catalogName('outbound', 'send')).toBe('outbound.send');
    expect(catalogName('outbound', 'message')).toBeUndefined();
    for (const name of Object.keys(JOBS) as JobName[]) {
      expect(catalogName(JOBS[name].queue, bullName(name))).toBe(name);
    }
  });
});
