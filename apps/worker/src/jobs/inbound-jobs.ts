import { handleInbound, type InboundDeps } from '@datadrill/core';
import { startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { ConsumerContext } from './consumer-context.js';

/** The inbound queue: each job is one WhatsApp message, answered by the core's use case. */
export function startInboundJobs(deps: InboundDeps, context: ConsumerContext): Worker {
  return startJobConsumer(
    'inbound',
    {
      'inbound.message': async (message, attempt) => {
        const handled = await handleInbound(deps, message, attempt);
        if (handled?.outcome === 'limited') context.metrics.quotaRefusals.inc();
      },
    },
    context.queues,
    { ...context.options, concurrency: context.env.WORKER_CONCURRENCY },
  );
}
