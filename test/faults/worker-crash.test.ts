import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { recordReplies, recordScenario, tally } from './scenario-table.js';

// Short locks so a killed worker's job is taken over in seconds rather than the production 30 s.
const STALLS = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };

describe('a worker killed in the middle of a job', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'crash', workerEnv: STALLS });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('3a. after the Twilio call: replaced, and the learner gets the reply exactly once', async () => {
    const learner = 'whatsapp:+27825556001';
    // Twilio takes 1.5 s to answer: the worker is killed while the call is in flight, after the
    // message was claimed; the fake Twilio still accepts it, as the real one would.
    stack.twilio.setLatency(1500);
    await stack.send(learner, 'python easy');
    const [victim] = stack.workers;
    await waitFor('the reply to be claimed', async () => {
      const row = await stack.database.db('outbound_messages').where({ to_address: learner }).first();
      return row?.status === 'sending';
    });
    await victim?.stop('SIGKILL');
    stack.twilio.setLatency(0);

    await stack.addWorker(STALLS);
    await waitFor(
      'the interaction to be settled',
      async () => {
        const row = await stack.database.db('interactions').where({ phone: '27825556001' }).first();
        return row?.status === 'sent';
      },
      30_000,
    );
    expect(stack.repliesTo(learner)).toHaveLength(1);
    const [outbound] = await stack.database.db('outbound_messages').where({ to_address: learner });
    expect(outbound).toMatchObject({ status: 'sent', twilio_sid: stack.repliesTo(learner)[0]?.sid });
    recordScenario(
      tally(
        '3a. SIGKILL during the Twilio call',
        new Map([[learner, 1]]),
        new Map([[learner, stack.repliesTo(learner).length]]),
      ),
    );
  });

  it('3b. after the quota step, before the Twilio call: the new worker sends each reply once', async () => {
    const [, current] = stack.workers;
    // Replies queue up behind a tiny MPS, so the kill lands after the quota step and before the sends.
    await current?.stop('SIGTERM');
    const slow = await stack.addWorker({ ...STALLS, TWILIO_MPS: '1' });
    const learners = Array.from({ length: 8 }, (_, i) => `whatsapp:+2782555610${i}`);
    await Promise.all(learners.map((learner) => stack.send(learner, 'python easy')));
    await waitFor('all eight recorded with replies waiting', async () => {
      const rows = await stack.database.db('outbound_messages').whereIn('to_address', learners);
      return rows.length === 8 && rows.some((row) => row.status === 'pending');
    });
    await slow.stop('SIGKILL');
    await stack.addWorker(STALLS);
    await waitFor(
      'every learner answered',
      () => learners.every((learner) => stack.repliesTo(learner).length >= 1),
      30_000,
    );
    const row = tally(
      '3b. SIGKILL between the quota step and the Twilio call',
      new Map(learners.map((learner) => [learner, 1])),
      new Map(learners.map((learner) => [learner, stack.repliesTo(learner).length])),
    );
    recordScenario(row);
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
    const counted = await stack.database
      .db('interactions')
      .whereIn(
        'phone',
        learners.map((l) => l.replace(/\D/g, '')),
      )
      .where({ counted: true });
    expect(counted).toHaveLength(8);
  });

  it('3c. after Twilio accepted, before the SID is stored, the message still queued at Twilio: found, not sent again', async () => {
    const learner = 'whatsapp:+27825556201';
    // Twilio takes the message at once and answers 1.5 s later; it stays `queued` (no date_sent),
    // so a lookup by DateSent would not see it.
    stack.twilio.holdQueued(true);
    stack.twilio.setLatency(1500);
    const accepted = new Promise<void>((resolve) => stack.twilio.once('message', () => resolve()));
    await stack.send(learner, 'sql easy');
    await accepted;
    const victim = stack.workers.at(-1);
    await victim?.stop('SIGKILL');
    stack.twilio.setLatency(0);
    await stack.addWorker(STALLS);
    await waitFor(
      'the interaction to be settled',
      async () => {
        const row = await stack.database.db('interactions').where({ phone: '27825556201' }).first();
        return row?.status === 'sent';
      },
      30_000,
    );
    stack.twilio.holdQueued(false);
    const [outbound] = await stack.database.db('outbound_messages').where({ to_address: learner });
    expect(outbound).toMatchObject({ status: 'sent', twilio_sid: stack.repliesTo(learner)[0]?.sid });
    const row = recordReplies(
      '3c. SIGKILL after Twilio accepted (still queued), before the SID was stored',
      [learner],
      (one) => stack.repliesTo(one).length,
    );
    expect(row).toMatchObject({ duplicates: 0, lost: 0 });
  });
});
