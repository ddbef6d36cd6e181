import { handleInbound, type InboundDeps, inboundMessageSchema, QueueName } from '@datadrill/core';
import type { Worker } from 'bullmq';
import { type QueueWorkerOptions, startQueueWorker } from './queue-worker.js';

/** Consumes the inbound queue: each job is one WhatsApp message, handled by the core use case. */
export function startInboundWorker(deps: InboundDeps, options: QueueWorkerOptions): Worker {
  return startQueueWorker(
    QueueName.inbound,
    inboundMessageSchema,
    async (message) => {
      const handled = await handleInbound(deps, message);
      if (handled?.outcome === 'limited') options.metrics.quotaRefusals.inc();
    },
    options,
  );
}
