import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

describe('the daily quota under concurrency', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'quota', workers: 2, env: { WORKER_CONCURRENCY: '4' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('gives exactly five challenges for 20 simultaneous requests handled by two worker processes', async () => {
    const learner = 'whatsapp:+2348031234567';
    const responses = await Promise.all(Array.from({ length: 20 }, () => stack.send(learner, 'sql easy')));
    expect(responses.every((response) => response.status === 200)).toBe(true);

    const replies = await stack.waitForReplies(learner, 20);
    const challenges = replies.filter((reply) => /\[sql-easy-\d{3}\]/.test(reply.body));
    const refusals = replies.filter((reply) => /limit/i.test(reply.body));
    expect(challenges).toHaveLength(5);
    expect(refusals).toHaveLength(15);

    const rows = await waitFor('all 20 interactions to be settled', async () => {
      const rows = await stack.database
        .db('interactions')
        .where({ phone: '2348031234567' })
        .select('counted', 'status');
      return rows.length === 20 && rows.every((row) => row.status !== 'pending') && rows;
    });
    expect(rows.filter((row) => Number(row.counted) === 1)).toHaveLength(5);

    // Both processes took part, so the guarantee was exercised across processes.
    const handledBy = stack.workers.map(
      (worker) => worker.output.filter((line) => line.includes('message recorded')).length,
    );
    expect(handledBy.every((count) => count > 0)).toBe(true);
  });
});
