import { type DeliveryDeps, sendOutbound } from '@datadrill/core';
import { startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { ConsumerContext } from './consumer-context.js';

/**
 * Sends queued messages. BullMQ's global limiter admits at most the MPS per second across all
 * workers, so a burst waits in Redis (visible on the dashboard) rather than in processes; the
 * messenger's pacer then spaces the admitted sends evenly (one-second windows alone would put up
 * to twice the MPS into one clock second).
 */
export function startOutboundJobs(deps: DeliveryDeps, context: ConsumerContext): Worker {
  return startJobConsumer(
    'outbound',
    { 'outbound.send': (job, attempt) => sendOutbound(deps, job, attempt) },
    context.queues,
    {
      ...context.options,
      concurrency: context.env.OUTBOUND_CONCURRENCY,
      limiter: { max: context.env.TWILIO_MPS, duration: 1000 },
    },
  );
}
