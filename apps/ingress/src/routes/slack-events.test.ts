import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestIngress, SLACK_SIGNING_SECRET, type TestIngress } from '../../../../test/support/ingress-app.js';

const CHANNEL = 'CMENTORS01';
const MENTOR = 'U0MENTOR01';
const TICKET_TS = '1767268800.000100';

interface Delivery {
  timestamp?: number;
  secret?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** `inject()` options for a body posted as Slack does: a v0 signature over `v0:<timestamp>:<body>`. */
function slackPost(body: string, { timestamp, secret = SLACK_SIGNING_SECRET, contentType, headers }: Delivery = {}) {
  const at = String(timestamp ?? Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')}`;
  return {
    method: 'POST' as const,
    url: '/slack/events',
    headers: {
      'content-type': contentType ?? 'application/json',
      'x-slack-request-timestamp': at,
      'x-slack-signature': signature,
      ...headers,
    },
    payload: body,
  };
}

const newEventId = () => `Ev${randomBytes(6).toString('hex').toUpperCase()}`;
const callback = (eventId: string, event: Record<string, unknown>) =>
  JSON.stringify({ token: 'deprecated', team_id: 'T0DATADRILL', event, type: 'event_callback', event_id: eventId });
const mentorReply = (text: string) => ({
  type: 'message',
  channel: CHANNEL,
  user: MENTOR,
  text,
  ts: `1767268900.${randomBytes(3).readUIntBE(0, 3)}`,
  thread_ts: TICKET_TS,
  user_profile: { display_name: 'Ana', real_name: 'Ana Lima' },
});

describe('POST /slack/events with the mentor desk on', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('slack');
  });
  afterAll(async () => {
    await ingress?.close();
  });

  const send = (body: string, delivery?: Delivery) => ingress.app.inject(slackPost(body, delivery));
  const deskJobs = () => ingress.queues.mentor.getJobs(['waiting']);

  it("echoes Slack's url_verification challenge", async () => {
    const response = await send(
      JSON.stringify({ token: 'x', challenge: 'challenge-token-123', type: 'url_verification' }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ challenge: 'challenge-token-123' });
  });

  it("queues a mentor's thread reply once under its event id, even when Slack retries it", async () => {
    const eventId = newEventId();
    const event = mentorReply('Use `pd.read_parquet(path)`');
    const first = await send(callback(eventId, event));
    const retried = await send(callback(eventId, event), {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect([first.statusCode, retried.statusCode]).toEqual([200, 200]);

    const job = await ingress.queues.mentor.getJob(`slack-${eventId}`);
    expect(job?.name).toBe('reply');
    expect(job?.data).toEqual({
      kind: 'reply',
      eventId,
      channel: CHANNEL,
      threadTs: TICKET_TS,
      ts: event.ts,
      user: MENTOR,
      userName: 'Ana',
      text: 'Use `pd.read_parquet(path)`',
    });
    expect((await deskJobs()).filter((queued) => queued.data.eventId === eventId)).toHaveLength(1);
  });

  it('queues a ✅ on the ticket as a close', async () => {
    const eventId = newEventId();
    const reaction = { type: 'reaction_added', user: MENTOR, reaction: 'white_check_mark' };
    const response = await send(
      callback(eventId, { ...reaction, item: { type: 'message', channel: CHANNEL, ts: TICKET_TS } }),
    );
    expect(response.statusCode).toBe(200);
    const job = await ingress.queues.mentor.getJob(`slack-${eventId}`);
    expect(job?.name).toBe('close');
    expect(job?.data).toEqual({ kind: 'close', eventId, channel: CHANNEL, ts: TICKET_TS, user: MENTOR });
  });

  it("acknowledges a bot's message and other events without queueing them", async () => {
    const botPost = newEventId();
    const notice = newEventId();
    const bot = { ...mentorReply('Ticket #7 is waiting'), bot_id: 'B0DATADRILL', subtype: 'bot_message' };
    expect((await send(callback(botPost, bot))).statusCode).toBe(200);
    expect((await send(callback(notice, { type: 'app_mention', user: MENTOR }))).statusCode).toBe(200);
    expect((await send(JSON.stringify({ type: 'app_rate_limited', minute_rate_limited: 1 }))).statusCode).toBe(200);
    const queued = (await deskJobs()).map((job) => job.data.eventId);
    expect(queued).not.toContain(botPost);
    expect(queued).not.toContain(notice);
  });

  it('refuses a bad signature, a missing one or a timestamp over 5 minutes old with 401', async () => {
    const eventId = newEventId();
    const body = callback(eventId, mentorReply('forged answer'));
    const forged = await send(body, { secret: 'not-the-signing-secret' });
    const stale = await send(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const unsigned = await ingress.app.inject({
      method: 'POST',
      url: '/slack/events',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    for (const response of [forged, stale, unsigned]) {
      expect(response.statusCode).toBe(401);
      expect(response.body).toBe('Invalid Slack signature');
    }
    expect(await ingress.queues.mentor.getJob(`slack-${eventId}`)).toBeUndefined();
  });

  it('refuses a form with 415 and a signed body that is not a JSON object with 400', async () => {
    const form = await send('payload=%7B%7D', { contentType: 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    const notJson = await send('not json at all');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toBe('Body is not a JSON object');
    const noEventId = await send(JSON.stringify({ type: 'event_callback', event: mentorReply('hi') }));
    expect(noEventId.statusCode).toBe(400);
  });
});

describe('POST /slack/events with the mentor desk off', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('slack-off', { env: { SLACK_SIGNING_SECRET: undefined } });
  });
  afterAll(async () => {
    await ingress?.close();
  });

  it('answers 404 even to a correctly signed event', async () => {
    const eventId = newEventId();
    const response = await ingress.app.inject(slackPost(callback(eventId, mentorReply('hello'))));
    expect(response.statusCode).toBe(404);
    expect(await ingress.queues.mentor.getJob(`slack-${eventId}`)).toBeUndefined();
  });
});

describe('POST /slack/events while Redis is unreachable', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('slack-down', { redisUrl: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await ingress?.close();
  });

  it("answers a mentor's reply with 503 so Slack retries it", async () => {
    const response = await ingress.app.inject(slackPost(callback(newEventId(), mentorReply('hello'))));
    expect(response.statusCode).toBe(503);
  });
});
