import { type DeliveryDeps, OUTBOX_SWEEP, sendOutbound, sweepOutbox } from '@datadrill/core';
import { type Queues, startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { ConsumerContext } from './consumer-context.js';

/** WhatsApp's 24-hour window: a message not sent by then never will be, and is refunded. */
const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

/**
 * Sends queued messages. BullMQ's global limiter admits at most the MPS per second across all
 * workers, so a burst waits in Redis (visible on the dashboard) rather than in processes; the
 * messenger's pacer then spaces the admitted sends evenly (one-second windows alone would put up
 * to twice the MPS into one clock second). The outbox sweep, scheduled once for all workers,
 * re-queues messages whose job was lost.
 */
export async function startOutboundJobs(deps: DeliveryDeps, queues: Queues, context: ConsumerContext): Promise<Worker> {
  const { env } = context;
  await queues.outbound.upsertJobScheduler(
    OUTBOX_SWEEP.schedulerId,
    { every: env.OUTBOX_SWEEP_INTERVAL_MS },
    OUTBOX_SWEEP.template,
  );
  const sweep = { staleAfterMs: env.OUTBOX_STALE_AFTER_MS, giveUpAfterMs: GIVE_UP_AFTER_MS };
  return startJobConsumer(
    'outbound',
    {
      'outbound.send': (job, attempt) => sendOutbound(deps, job, attempt),
      'outbound.sweep': () => sweepOutbox(deps, sweep),
    },
    context.queues,
    {
      ...context.options,
      concurrency: env.OUTBOUND_CONCURRENCY,
      limiter: { max: env.TWILIO_MPS, duration: 1000 },
    },
  );
}
