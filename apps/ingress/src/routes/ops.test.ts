import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestIngress,
  DASHBOARD,
  inboundParams,
  type TestIngress,
  TWILIO,
  twilioForm,
} from '../../../../test/support/ingress-app.js';

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const OPS = basic(DASHBOARD.user, DASHBOARD.password);
const message = (from: string) => inboundParams(TWILIO.accountSid, from, 'whatsapp:+14155238886', 'help');

describe('health and readiness', () => {
  let ingress: TestIngress;
  let redisDown = false;
  beforeAll(async () => {
    ingress = await buildTestIngress('health', {
      checks: {
        redis: async () => {
          if (redisDown) throw new Error('connect ECONNREFUSED 10.0.3.7:6379');
        },
      },
    });
  });
  afterAll(async () => {
    await ingress?.close();
  });

  it('answers /healthz without credentials', async () => {
    const response = await ingress.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz from Redis alone: 200 while it answers, 503 naming the check (never its error) when not', async () => {
    const ready = await ingress.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', ready: true, checks: { redis: 'ok' } });

    redisDown = true;
    const notReady = await ingress.app.inject({ method: 'GET', url: '/readyz' });
    redisDown = false;
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ status: 'not ready', ready: false, checks: { redis: 'failed' } });
    expect(notReady.body).not.toMatch(/10\.0\.3\.7|ECONNREFUSED/);
  });
});

describe('the queue dashboard and /metrics', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('ops');
  });
  afterAll(async () => {
    await ingress?.close();
  });

  it('asks for basic auth on /admin/queues and /metrics, and refuses a wrong password', async () => {
    for (const url of ['/admin/queues', '/admin/queues/api/queues', '/metrics']) {
      const anonymous = await ingress.dashboard.inject({ method: 'GET', url });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm="DataDrill operations"/);
      const wrong = await ingress.dashboard.inject({
        method: 'GET',
        url,
        headers: basic(DASHBOARD.user, 'not-the-password'),
      });
      expect(wrong.statusCode).toBe(401);
    }
  });

  it('does not put the webhooks or the probes behind that auth', async () => {
    expect((await ingress.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await ingress.app.inject(twilioForm('/bot', message('whatsapp:+27825550201')))).statusCode).toBe(200);
  });

  it('shows Bull Board and every queue, with the jobs on them, to the ops user', async () => {
    const form = message('whatsapp:+27825550202');
    expect((await ingress.app.inject(twilioForm('/bot', form))).statusCode).toBe(200);

    const page = await ingress.dashboard.inject({ method: 'GET', url: '/admin/queues', headers: OPS });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);

    const url = '/admin/queues/api/queues?activeQueue=inbound&status=waiting&page=1&jobsPerPage=50';
    const api = await ingress.dashboard.inject({ method: 'GET', url, headers: OPS });
    expect(api.statusCode).toBe(200);
    const queues: { name: string; jobs: { id: string }[] }[] = api.json().queues;
    expect(queues.map((queue) => queue.name).sort()).toEqual([
      'daily',
      'inbound',
      'insights',
      'mentor',
      'outbound',
      'privacy',
      'status',
    ]);
    const inbound = queues.find((queue) => queue.name === 'inbound');
    expect(inbound?.jobs.map((job) => job.id)).toContain(form.MessageSid);
    // Learners' numbers are masked on the board, as in the logs.
    expect(api.body).not.toContain('27825550202');
    expect(api.body).toContain('27*****0202');
  });

  it("serves the webhooks' Prometheus metrics by outcome to the ops user", async () => {
    const before = await ingress.dashboard.inject({ method: 'GET', url: '/metrics', headers: OPS });
    const count = (text: string, outcome: string) =>
      Number(new RegExp(`datadrill_webhooks_total\\{route="/bot",outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    await ingress.app.inject(twilioForm('/bot', message('whatsapp:+27825550203')));
    await ingress.app.inject(twilioForm('/bot', message('whatsapp:+27825550204'), null));

    const after = await ingress.dashboard.inject({ method: 'GET', url: '/metrics', headers: OPS });
    expect(after.statusCode).toBe(200);
    expect(after.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(count(after.body, 'queued') - count(before.body, 'queued')).toBe(1);
    expect(count(after.body, 'forbidden') - count(before.body, 'forbidden')).toBe(1);
    expect(after.body).toMatch(/datadrill_webhook_ack_seconds_count\{route="\/bot"\} \d+/);
    expect(after.body).toContain('datadrill_ingress_process_cpu_seconds_total');
  });
});

describe('the dashboard in development (no DASHBOARD_PASSWORD)', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('ops-open', { env: { DASHBOARD_PASSWORD: undefined } });
  });
  afterAll(async () => {
    await ingress?.close();
  });

  it('is open without credentials', async () => {
    expect((await ingress.dashboard.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(200);
    expect((await ingress.dashboard.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});

describe('the dashboard on its own port', () => {
  let ingress: TestIngress;
  beforeAll(async () => {
    ingress = await buildTestIngress('ops-port');
  });
  afterAll(async () => {
    await ingress?.close();
  });

  it('is not served on the public webhook port, even with the right credentials', async () => {
    expect((await ingress.app.inject({ method: 'GET', url: '/admin/queues', headers: OPS })).statusCode).toBe(404);
    expect((await ingress.app.inject({ method: 'GET', url: '/metrics', headers: OPS })).statusCode).toBe(404);
  });

  it('is served on the ops app behind auth, with its probes but no webhooks', async () => {
    expect((await ingress.dashboard.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
    expect((await ingress.dashboard.inject({ method: 'GET', url: '/admin/queues', headers: OPS })).statusCode).toBe(
      200,
    );
    expect((await ingress.dashboard.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await ingress.dashboard.inject(twilioForm('/bot', message('whatsapp:+27825550205')))).statusCode).toBe(404);
  });

  it('limits guessing: after 10 refused logins a minute, 429, while the ops user still gets in', async () => {
    const guess = (n: number) =>
      ingress.dashboard.inject({
        method: 'GET',
        url: '/admin/queues',
        headers: basic(DASHBOARD.user, `guess-${n}`),
        remoteAddress: '203.0.113.9',
      });
    const codes = [];
    for (let n = 0; n < 12; n++) codes.push((await guess(n)).statusCode);
    expect(codes.slice(0, 10).every((code) => code === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    const ops = await ingress.dashboard.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: OPS,
      remoteAddress: '203.0.113.9',
    });
    expect(ops.statusCode).toBe(200);
  });
});
