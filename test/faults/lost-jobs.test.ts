import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { recordReplies } from './scenario-table.js';

// The sweep runs every second and takes over messages untouched for 3 s (every minute and 5 min in production).
const SWEEP = { OUTBOX_SWEEP_INTERVAL_MS: '1000', OUTBOX_STALE_AFTER_MS: '3000' };

describe('jobs lost from Redis', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'lostjobs', workerEnv: { ...SWEEP, TWILIO_MPS: '1' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('10. replies whose jobs were removed from Redis mid-flight: the outbox sweep delivers each once', async () => {
    const learners = Array.from({ length: 6 }, (_, i) => `whatsapp:+2782555710${i}`);
    // At 1 message a second the replies queue up in Redis; then they are removed from under the worker.
    await Promise.all(learners.map((learner) => stack.send(learner, 'python easy')));
    await waitFor('all six replies written', async () => {
      const rows = await stack.database.db('outbound_messages').whereIn('to_address', learners);
      return rows.length === 6;
    });
    await waitFor('some waiting', async () => (await stack.queue.outbound.getWaitingCount()) > 0);
    const removed = await stack.queue.outbound.getJobs(['waiting', 'prioritized', 'delayed']);
    await Promise.all(removed.filter((job) => job.name === 'send').map((job) => job.remove()));
    expect(removed.length).toBeGreaterThan(0);

    await waitFor(
      'every learner answered',
      () => learners.every((learner) => stack.repliesTo(learner).length >= 1),
      60_000,
    );
    const row = recordReplies(
      '10. reply jobs removed from Redis mid-flight (outbox sweep)',
      learners,
      (learner) => stack.repliesTo(learner).length,
    );
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
    const counted = await stack.database.db('interactions').where({ status: 'sent', counted: true });
    expect(counted).toHaveLength(6);
  });
});
