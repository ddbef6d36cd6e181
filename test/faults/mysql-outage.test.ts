import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { startPrivateMysql } from './private-mysql.js';
import { recordScenario, tally } from './scenario-table.js';

describe('MySQL going away', () => {
  let mysql: Awaited<ReturnType<typeof startPrivateMysql>>;
  let stack: BotStack;
  beforeAll(async () => {
    mysql = await startPrivateMysql();
    stack = await startBotStack({ label: 'faultsmysql', mysqlUrl: mysql.url, env: { JOB_BACKOFF_MS: '1000' } });
  });
  afterAll(async () => {
    await stack?.stop();
    await mysql?.stop();
  });

  it('5. stopped for 10 s while messages arrive: all are answered once it is back, none fails for good', async () => {
    const learners = Array.from({ length: 20 }, (_, i) => `whatsapp:+2782558${String(i).padStart(4, '0')}`);
    for (const learner of learners.slice(0, 10)) expect((await stack.send(learner, 'python easy')).status).toBe(200);
    await waitFor('the first ten answered', () => learners.slice(0, 10).every((l) => stack.repliesTo(l).length >= 1));

    await mysql.kill();
    // The ingress never touches MySQL: it keeps acknowledging, and the jobs wait and retry.
    for (const learner of learners.slice(10)) expect((await stack.send(learner, 'python easy')).status).toBe(200);
    await sleep(10_000);
    await mysql.restart();

    await waitFor(
      'every message answered',
      () => learners.every((learner) => stack.repliesTo(learner).length >= 1),
      90_000,
    );
    const row = tally(
      '5. MySQL stopped 10 s',
      new Map(learners.map((learner) => [learner, 1])),
      new Map(learners.map((learner) => [learner, stack.repliesTo(learner).length])),
    );
    recordScenario(row);
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
    expect(await stack.queue.inbound.getFailedCount()).toBe(0);
    expect(await stack.queue.outbound.getFailedCount()).toBe(0);
  });
});
