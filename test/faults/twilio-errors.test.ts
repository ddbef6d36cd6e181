import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { recordScenario, tally } from './scenario-table.js';

describe('Twilio failing', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'faultstwilio', env: { JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '100' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const settled = (phone: string) =>
    waitFor(`the interaction of ${phone} to settle`, async () => {
      const row = await stack.database.db('interactions').where({ phone }).first();
      return row && row.status !== 'pending' && row;
    });

  it('4a. 500 twice, then 201: one delivery, counted once', async () => {
    const learner = 'whatsapp:+27825550401';
    stack.twilio.failNext({ status: 500, code: 20500, message: 'Internal Server Error' }, 2);
    const before = stack.twilio.createCalls;
    await stack.send(learner, 'sql easy');
    const [reply] = await stack.waitForReplies(learner, 1);
    expect(reply?.body).toMatch(/\[sql-easy-\d{3}\]/);
    expect(stack.twilio.createCalls - before).toBe(3);
    expect(await settled('27825550401')).toMatchObject({ status: 'sent', counted: 1 });
    expect(stack.repliesTo(learner)).toHaveLength(1);
    recordScenario(
      tally(
        '4a. Twilio 500, 500, then 201',
        new Map([[learner, 1]]),
        new Map([[learner, stack.repliesTo(learner).length]]),
      ),
    );
  });

  it('4b. 400 with code 21211: not retried, not counted, the code recorded, the learner told', async () => {
    const learner = 'whatsapp:+27825550402';
    stack.twilio.failNext({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const before = stack.twilio.createCalls;
    await stack.send(learner, 'python medium');
    const [notice] = await stack.waitForReplies(learner, 1);
    expect(notice?.body).toMatch(/couldn't deliver.*not been counted/s);
    expect(stack.twilio.createCalls - before).toBe(2);
    const row = await settled('27825550402');
    expect(row).toMatchObject({ status: 'failed', counted: 0 });
    expect(row.error).toMatch(/21211/);
    const outbound = await stack.database.db('outbound_messages').where({ interaction_id: row.id }).first();
    expect(outbound).toMatchObject({ status: 'failed', error_code: 21211, attempts: 1 });

    // The refund is real: the next challenge is the first of five, not the second.
    await stack.send(learner, 'python medium');
    const [, challenge] = await stack.waitForReplies(learner, 2);
    expect(challenge?.body).toMatch(/4 more challenges available today/);
    // Two messages in, two out: the failure notice for the first, the challenge for the second.
    const result = tally(
      '4b. Twilio 400/21211, then a new request',
      new Map([[learner, 2]]),
      new Map([[learner, stack.repliesTo(learner).length]]),
    );
    recordScenario(result);
    expect(result).toMatchObject({ duplicates: 0, lost: 0 });
  });
});
