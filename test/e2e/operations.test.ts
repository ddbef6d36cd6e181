import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, DASHBOARD, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

const auth = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const ops = auth(DASHBOARD.user, DASHBOARD.password);

describe('what operators see', () => {
  let stack: BotStack;
  let workerHealthUrl: string;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'ops' });
    const [worker] = stack.workers;
    if (!worker) throw new Error('the stack has no worker');
    workerHealthUrl = await worker.waitForUrl(/health server listening at/);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('reports liveness and readiness on the ingress (Redis only: it never uses MySQL) and the worker', async () => {
    for (const [base, checks] of [
      [stack.ingressUrl, { redis: 'ok' }],
      [workerHealthUrl, { redis: 'ok', mysql: 'ok', workers: 'ok' }],
    ] as const) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', ready: true, checks });
    }
  });

  it('keeps Bull Board and the ingress metrics behind basic auth', async () => {
    expect((await fetch(`${stack.dashboardUrl}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${stack.dashboardUrl}/admin/queues`, { headers: auth('ops', 'wrong-password') })).status).toBe(
      401,
    );
    expect((await fetch(`${stack.dashboardUrl}/metrics`)).status).toBe(401);

    const page = await fetch(`${stack.dashboardUrl}/admin/queues`, { headers: ops });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${stack.dashboardUrl}/admin/queues/api/queues`, { headers: ops });
    const { queues } = (await api.json()) as { queues: Array<{ name: string }> };
    expect(queues.map((queue) => queue.name)).toContain('inbound');
  });

  it('counts webhooks by outcome and exposes queue depths and job metrics', async () => {
    const learner = 'whatsapp:+27825552001';
    await stack.send(learner, 'python easy');
    await stack.send(learner, 'help', { AccountSid: `AC${'f'.repeat(32)}` });
    await stack.waitForReplies(learner, 1);

    const ingress = await (await fetch(`${stack.dashboardUrl}/metrics`, { headers: ops })).text();
    expect(ingress).toMatch(/datadrill_webhooks_total\{route="\/bot",outcome="queued"\} [1-9]/);
    expect(ingress).toMatch(/datadrill_webhooks_total\{route="\/bot",outcome="forbidden"\} [1-9]/);
    expect(ingress).toMatch(/datadrill_webhook_ack_seconds_count\{route="\/bot"\} [1-9]/);
    expect(ingress).toMatch(/datadrill_queue_jobs\{queue="inbound",state="completed"\} \d/);

    const worker = await waitFor('the worker to count the challenge', async () => {
      const text = await (await fetch(`${workerHealthUrl}/metrics`)).text();
      return /datadrill_challenges_sent_total\{topic="python",difficulty="easy"\} 1/.test(text) && text;
    });
    expect(worker).toMatch(/datadrill_job_duration_seconds_count\{queue="inbound",outcome="completed"\} [1-9]/);
    expect(worker).toMatch(/datadrill_twilio_send_seconds_count\{result="ok"\} [1-9]/);
  });

  it('counts quota refusals and Twilio errors by code', async () => {
    const learner = 'whatsapp:+27825552002';
    for (let i = 1; i <= 6; i++) {
      await stack.send(learner, 'sql easy');
      await stack.waitForReplies(learner, i);
    }
    stack.twilio.failNext({ status: 400, code: 21211 });
    await stack.send('whatsapp:+27825552003', 'help');
    await waitFor('the failure to be recorded', async () => {
      const row = await stack.database.db('interactions').where({ phone: '27825552003' }).first();
      return row?.status === 'failed';
    });
    const worker = await (await fetch(`${workerHealthUrl}/metrics`)).text();
    expect(worker).toMatch(/datadrill_quota_refusals_total [1-9]/);
    expect(worker).toMatch(/datadrill_twilio_errors_total\{code="21211"\} 1/);
  });

  it('lets an operator retry failed jobs from Bull Board', async () => {
    // A job the worker cannot handle lands in the failed set with its reason.
    await stack.queue.inbound.add('message', { bogus: true } as never, { jobId: 'poison-1' });
    const job = await waitFor('the poison job to fail', async () => {
      const found = await stack.queue.inbound.getJob('poison-1');
      // Read again once failed: the first read may predate the failure and its reason.
      return (await found?.isFailed()) && stack.queue.inbound.getJob('poison-1');
    });
    expect(job.failedReason).toMatch(/invalid inbound job/);

    const retry = await fetch(`${stack.dashboardUrl}/admin/queues/api/queues/inbound/retry/failed`, {
      method: 'PUT',
      headers: ops,
    });
    expect(retry.ok).toBe(true);
    await waitFor('the retried job to fail again', async () => {
      const again = await stack.queue.inbound.getJob('poison-1');
      return (again?.attemptsMade ?? 0) >= 2 && (await again?.isFailed());
    });

    const clean = await fetch(`${stack.dashboardUrl}/admin/queues/api/queues/inbound/poison-1/clean`, {
      method: 'PUT',
      headers: ops,
    });
    expect(clean.ok).toBe(true);
    expect(await stack.queue.inbound.getJob('poison-1')).toBeUndefined();
  });
});
