import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { recordScenario, tally } from './scenario-table.js';

describe('faults at the door', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'faultsdoor', ingressEnv: { FLOOD_LIMIT_PER_MINUTE: '10000' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('1. the same webhook 5 times at once, and again after its job left Redis: one reply, one counted interaction', async () => {
    const learner = 'whatsapp:+27825559001';
    const params = stack.webhookParams(learner, 'python easy');
    const responses = await Promise.all(Array.from({ length: 5 }, () => stack.post(params, stack.sign(params))));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await stack.waitForReplies(learner, 1);
    const sid = params.MessageSid ?? '';
    await waitFor('the job to complete', async () => (await stack.queue.inbound.getJob(sid))?.isCompleted());
    await stack.queue.inbound.remove(sid);

    expect((await stack.post(params, stack.sign(params))).status).toBe(200);
    await waitFor('the late duplicate to be handled', async () =>
      (await stack.queue.inbound.getJob(sid))?.isCompleted(),
    );
    const rows = await stack.database.db('interactions').where({ phone: '27825559001' });
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.counted)).toBe(1);
    expect(stack.repliesTo(learner)).toHaveLength(1);
    recordScenario(
      tally(
        '1. same webhook ×5, then after its job was removed',
        new Map([[learner, 1]]),
        new Map([[learner, stack.repliesTo(learner).length]]),
      ),
    );
  });

  it('8. 1,000 random bodies: no 5xx, no crash, the valid ones answered', async () => {
    const statuses = new Map<number, number>();
    const valid: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const kind = i % 5;
      let response: Response;
      if (kind === 0) {
        // A valid message with random Unicode text.
        const learner = `whatsapp:+2782556${String(i).padStart(4, '0')}`;
        valid.push(learner);
        const params = stack.webhookParams(learner, randomText(1 + (i % 300)));
        response = await stack.post(params, stack.sign(params));
      } else if (kind === 1) {
        // Signed, but with missing or wrong-typed fields.
        const params = stack.webhookParams(`whatsapp:+1555${i}`, 'x');
        delete params[['From', 'MessageSid', 'AccountSid'][i % 3] ?? 'From'];
        response = await stack.post(params, stack.sign(params));
      } else if (kind === 2) {
        response = await fetch(`${stack.ingressUrl}/bot`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: randomBytes(1 + (i % 2000)).toString('latin1'),
        });
      } else if (kind === 3) {
        response = await fetch(`${stack.ingressUrl}/bot`, {
          method: 'POST',
          headers: {
            'content-type':
              ['application/json', 'text/plain', 'multipart/form-data; boundary=x'][i % 3] ?? 'text/plain',
          },
          body: randomText(i % 500),
        });
      } else {
        const params = stack.webhookParams(`whatsapp:+1666${i}`, 'y'.repeat(60_000 + (i % 20_000)));
        response = await stack.post(params, stack.sign(params));
      }
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect((await fetch(`${stack.ingressUrl}/healthz`)).status).toBe(200);
    await waitFor(
      'every valid message to be answered',
      () => valid.every((learner) => stack.repliesTo(learner).length >= 1),
      60_000,
    );
    const sent = new Map(valid.map((learner) => [learner, 1]));
    const replies = new Map(valid.map((learner) => [learner, stack.repliesTo(learner).length]));
    const row = tally('8. fuzz: 1,000 random bodies (200 valid)', sent, replies);
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
    recordScenario(row);
  });
});

function randomText(length: number): string {
  const ranges = [
    [0x20, 0x7e],
    [0xc0, 0x24f],
    [0x600, 0x6ff],
    [0x4e00, 0x4fff],
    [0x1f600, 0x1f64f],
  ];
  let text = '';
  for (let i = 0; i < length; i++) {
    const [lo = 0x20, hi = 0x7e] = ranges[Math.floor(Math.random() * ranges.length)] ?? [];
    text += String.fromCodePoint(lo + Math.floor(Math.random() * (hi - lo)));
  }
  return text;
}
