import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

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

  it('is replaced, and the learner gets the reply exactly once, even when Twilio had accepted it', async () => {
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
  });
});
