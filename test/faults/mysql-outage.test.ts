import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { startPrivateMysql } from './private-mysql.js';
import { recordReplies } from './scenario-table.js';

const OUTAGE_MS = 180_000;

describe('MySQL going away', () => {
  let mysql: Awaited<ReturnType<typeof startPrivateMysql>>;
  let stack: BotStack;
  beforeAll(async () => {
    mysql = await startPrivateMysql();
    // Pauses of 5 s at most, so the test sees work resume soon after the outage (30 s in production).
    stack = await startBotStack({
      label: 'faultsmysql',
      mysqlUrl: mysql.url,
      env: { JOB_BACKOFF_MS: '1000' },
      workerEnv: { OUTAGE_MAX_PAUSE_MS: '5000' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await mysql?.stop();
  });

  it('5. stopped for 3 minutes while messages arrive: all are answered once it is back, none fails for good', async () => {
    const learners = Array.from({ length: 20 }, (_, i) => `whatsapp:+2782558${String(i).padStart(4, '0')}`);
    for (const learner of learners.slice(0, 10)) expect((await stack.send(learner, 'python easy')).status).toBe(200);
    await waitFor('the first ten answered', () => learners.slice(0, 10).every((l) => stack.repliesTo(l).length >= 1));

    await mysql.kill();
    const back = Date.now() + OUTAGE_MS;
    // The ingress never touches MySQL: it keeps acknowledging through the outage, and the jobs wait.
    for (const [i, learner] of learners.slice(10).entries()) {
      expect((await stack.send(learner, 'python easy')).status).toBe(200);
      await sleep(Math.max(0, back - Date.now() - (10 - i) * 15_000));
    }
    await sleep(Math.max(0, back - Date.now()));
    expect(learners.slice(10).every((learner) => stack.repliesTo(learner).length === 0)).toBe(true);
    await mysql.restart();

    await waitFor(
      'every message answered',
      () => learners.every((learner) => stack.repliesTo(learner).length >= 1),
      90_000,
    );
    const row = recordReplies('5. MySQL stopped 3 minutes', learners, (learner) => stack.repliesTo(learner).length);
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
    expect(await stack.queue.inbound.getFailedCount()).toBe(0);
    expect(await stack.queue.outbound.getFailedCount()).toBe(0);
  }, 360_000);
});
