import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { recordScenario, tally } from './scenario-table.js';

const CHALLENGE = /\[sql-easy-\d{3}\]/;
const HOUR = 3_600_000;

describe('the quota across processes and at the edge of the window', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'faultsquota', workers: 3, ingressEnv: { FLOOD_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('2. 30 concurrent requests across 3 workers give exactly the limit; the window is exactly 24 hours', async () => {
    const learner = 'whatsapp:+27825550030';
    const phone = '27825550030';
    const responses = await Promise.all(Array.from({ length: 30 }, () => stack.send(learner, 'sql easy')));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const replies = await stack.waitForReplies(learner, 30);
    expect(replies.filter((reply) => CHALLENGE.test(reply.body))).toHaveLength(5);
    recordScenario(
      tally('2. 30 concurrent, one learner, 3 workers', new Map([[learner, 30]]), new Map([[learner, replies.length]])),
    );

    const db = stack.database.db;
    await waitFor(
      'all 30 settled',
      async () => (await db('interactions').where({ phone, status: 'pending' }).count({ n: '*' }))[0]?.n === 0,
    );
    // Moving the five counted challenges into the past is moving the learner's clock forward.
    const age = async (ms: number) => {
      const counted = await db('interactions').where({ phone, counted: true }).select('id');
      await db('interactions')
        .whereIn(
          'id',
          counted.map((row) => row.id),
        )
        .update({ created_at: new Date(Date.now() - ms) });
    };
    const ask = async () => {
      const before = stack.repliesTo(learner).length;
      await stack.send(learner, 'sql easy');
      return (await stack.waitForReplies(learner, before + 1))[before]?.body ?? '';
    };

    await age(23 * HOUR + 59 * 60_000);
    const almost = await ask();
    expect(almost).toMatch(/limit/);
    expect(almost).toMatch(/in 1m/);

    await age(24 * HOUR + 1000);
    expect(await ask()).toMatch(CHALLENGE);
  });
});
