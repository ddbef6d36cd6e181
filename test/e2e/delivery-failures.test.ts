import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

describe('replies Twilio does not accept', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'delivery', env: { JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '100' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const settled = (phone: string, count: number) =>
    waitFor(`${count} settled interactions for ${phone}`, async () => {
      const rows = await stack.database.db('interactions').where({ phone }).orderBy('id').select('*');
      return rows.length === count && rows.every((row) => row.status !== 'pending') && rows;
    });

  it('waits out more 503s than a job has attempts: delivered once, counted, nothing failed', async () => {
    const learner = 'whatsapp:+27825550404';
    stack.twilio.failNext({ status: 503, code: 20503, message: 'Service Unavailable' }, 4);
    await stack.send(learner, 'statistics hard');
    const [challenge] = await stack.waitForReplies(learner, 1);
    expect(challenge?.body).toMatch(/\[statistics-hard-\d{3}\]/);
    const [row] = await settled('27825550404', 1);
    expect(row).toMatchObject({ status: 'sent', counted: 1 });
    expect(stack.repliesTo(learner)).toHaveLength(1);
    expect(await stack.queue.outbound.getFailedCount()).toBe(0);
  });
});

describe('the ingress when Redis is unreachable', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'noredis', workers: 0, ingressEnv: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 503 instead of acknowledging a message it could not queue', async () => {
    const params = stack.webhookParams('whatsapp:+27825550505', 'python easy');
    const response = await stack.post(params, stack.sign(params));
    expect(response.status).toBe(503);
    expect(await response.text()).not.toMatch(/Response/);
    expect((await fetch(`${stack.ingressUrl}/healthz`)).status).toBe(200);
  });
});
