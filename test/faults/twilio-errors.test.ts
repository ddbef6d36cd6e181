import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { recordReplies, recordScenario, tally } from './scenario-table.js';

describe('Twilio failing', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({
      label: 'faultstwilio',
      env: { JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '100' },
      // The SDK gives up on a call after 1 s here (15 s in production); outages are retried every 2 s at most.
      workerEnv: { TWILIO_TIMEOUT_MS: '1000', OUTAGE_MAX_PAUSE_MS: '2000' },
    });
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

  it('4b. 400 with code 21211: not retried, not counted, the code recorded, no notice to the invalid number', async () => {
    const learner = 'whatsapp:+27825550402';
    stack.twilio.failNext({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const before = stack.twilio.createCalls;
    await stack.send(learner, 'python medium');
    const row = await settled('27825550402');
    expect(row).toMatchObject({ status: 'failed', counted: 0 });
    expect(row.error).toMatch(/21211/);
    const outbound = await stack.database.db('outbound_messages').where({ interaction_id: row.id }).first();
    expect(outbound).toMatchObject({ status: 'failed', error_code: 21211, attempts: 1 });
    // A "we couldn't deliver" notice to a number Twilio just called invalid would be refused too.
    expect(stack.twilio.createCalls - before).toBe(1);

    // The refund is real: the next challenge is the first of five, not the second.
    await stack.send(learner, 'python medium');
    const [challenge] = await stack.waitForReplies(learner, 1);
    expect(challenge?.body).toMatch(/4 more challenges available today/);
    const result = tally(
      '4b. Twilio 400/21211 (no notice), then a new request',
      new Map([[learner, 1]]),
      new Map([[learner, stack.repliesTo(learner).length]]),
    );
    recordScenario(result);
    expect(result).toMatchObject({ duplicates: 0, lost: 0 });
  });

  it('4c. Twilio accepts the message, then answers 500: looked up, not sent again', async () => {
    const learner = 'whatsapp:+27825550403';
    stack.twilio.failNext({ status: 500, code: 20500, message: 'Internal Server Error', accepted: true });
    await stack.send(learner, 'sql easy');
    expect(await settled('27825550403')).toMatchObject({ status: 'sent', counted: 1 });
    const [outbound] = await stack.database.db('outbound_messages').where({ to_address: learner });
    expect(outbound.twilio_sid).toBe(stack.repliesTo(learner)[0]?.sid);
    recordOne('4c. Twilio accepts, then answers 500', learner);
  });

  it("4d. Twilio accepts the message and never answers within the SDK's timeout: looked up, not sent again", async () => {
    const learner = 'whatsapp:+27825550404';
    stack.twilio.failNext({ hang: true });
    await stack.send(learner, 'sql easy');
    expect(await settled('27825550404')).toMatchObject({ status: 'sent', counted: 1 });
    recordOne('4d. Twilio accepts, the answer never comes (timeout)', learner);
  });

  it('4e. Twilio answering 503 for 2 minutes: every message answered once after, none failed', async () => {
    const learners = Array.from({ length: 10 }, (_, i) => `whatsapp:+2782555050${i}`);
    stack.twilio.failFor(120_000, { status: 503, code: 20503, message: 'Service Unavailable' });
    const started = Date.now();
    // Messages keep arriving through the spell; none is answered while it lasts.
    for (const [i, learner] of learners.entries()) {
      await stack.send(learner, 'python easy');
      await sleepUntil(started + i * 10_000);
    }
    expect(learners.every((learner) => stack.repliesTo(learner).length === 0)).toBe(true);
    await waitFor(
      'every learner answered after the spell',
      () => learners.every((learner) => stack.repliesTo(learner).length >= 1),
      120_000 + 60_000,
    );
    const row = recordReplies('4e. Twilio 503 for 2 minutes', learners, (learner) => stack.repliesTo(learner).length);
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
    expect(await stack.queue.outbound.getFailedCount()).toBe(0);
  }, 300_000);

  it('4f. Twilio refusing our credentials (401): nothing refunded or failed, sending resumes once fixed', async () => {
    const learner = 'whatsapp:+27825550406';
    stack.twilio.failFor(8000, { status: 401, code: 20003, message: 'Authenticate' });
    await stack.send(learner, 'python easy');
    const health = await stack.workers[0]?.waitForUrl(/health server listening at/);
    await waitFor('the credentials alert on the worker', async () => {
      const metrics = await (await fetch(`${health}/metrics`)).text();
      return /datadrill_outage_pauses_total\{queue="outbound",outage="twilio-credentials"\} [1-9]/.test(metrics);
    });
    const during = await stack.database.db('interactions').where({ phone: '27825550406' }).first();
    expect(during).toMatchObject({ status: 'pending', counted: 1 });
    expect(await settled('27825550406')).toMatchObject({ status: 'sent', counted: 1 });
    recordOne('4f. Twilio 401 for 8 s (a rotated token)', learner);
  });

  function recordOne(scenario: string, learner: string) {
    const row = recordReplies(scenario, [learner], (one) => stack.repliesTo(one).length);
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
  }
});

async function sleepUntil(at: number) {
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
}
