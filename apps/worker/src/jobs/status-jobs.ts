import { applyDeliveryReport, type DeliveryDeps } from '@datadrill/core';
import { startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { ConsumerContext } from './consumer-context.js';

/** Twilio's status callbacks, queued by the ingress: a message that failed after Twilio accepted it is refunded. */
export function startStatusJobs(deps: DeliveryDeps, context: ConsumerContext): Worker {
  return startJobConsumer(
    'status',
    { 'status.status': (report) => applyDeliveryReport(deps, report) },
    context.queues,
    { ...context.options, concurrency: 20 },
  );
}
