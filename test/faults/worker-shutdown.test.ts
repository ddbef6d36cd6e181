import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { recordScenario, tally } from './scenario-table.js';

describe('a worker told to stop under load', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'faultsstop', workers: 2 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('7. SIGTERM: in-flight jobs finish, nothing stalls, nothing is lost or sent twice', async () => {
    const learners = Array.from({ length: 300 }, (_, i) => `whatsapp:+2782557${String(i).padStart(4, '0')}`);
    const posting = Promise.all(learners.map((learner) => stack.send(learner, 'sql easy')));
    await waitFor('work under way', () => stack.twilio.messages.length >= 20);
    const [stopping] = stack.workers;
    await stopping?.stop('SIGTERM');
    expect(stopping?.child.exitCode).toBe(0);
    expect(stopping?.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    expect((await posting).every((response) => response.status === 200)).toBe(true);

    await waitFor('every reply', () => learners.every((learner) => stack.repliesTo(learner).length >= 1), 60_000);
    const row = tally(
      '7. SIGTERM to one of 2 workers under load',
      new Map(learners.map((learner) => [learner, 1])),
      new Map(learners.map((learner) => [learner, stack.repliesTo(learner).length])),
    );
    recordScenario(row);
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
    // Nothing was left for stall recovery: every job ran once.
    const jobs = [
      ...(await stack.queue.inbound.getCompleted(0, -1)),
      ...(await stack.queue.outbound.getCompleted(0, -1)),
    ];
    expect(jobs.filter((job) => job.attemptsMade > 1 || (job.stalledCounter ?? 0) > 0)).toEqual([]);
  });
});
