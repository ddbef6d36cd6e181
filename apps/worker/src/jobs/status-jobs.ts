import {
  applyDeliveryReport,
  checkPrice,
  type DeliveryDeps,
  type PriceDeps,
  schedulePriceCheck,
} from '@datadrill/core';
import { type JobProducer, startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { ConsumerContext } from './consumer-context.js';

/** Twilio's price, looked up after a final status: its adapter and our rows; the checks are queued here. */
export type PricingDeps = Pick<PriceDeps, 'fetchPrice' | 'storedPrice' | 'recordPrice'>;

/**
 * Twilio's status callbacks, queued by the ingress: a message that failed after Twilio accepted it is
 * refunded; once a message is final, its price is asked for (low-priority checks on the same queue).
 */
export function startStatusJobs(
  deps: DeliveryDeps,
  context: ConsumerContext,
  pricing: PricingDeps,
  producer: JobProducer,
): Worker {
  const prices: PriceDeps = {
    ...pricing,
    schedule: (job, delayMs) => producer.add('status.price', job, { delayMs }),
    firstCheckMs: context.env.TWILIO_PRICE_CHECK_MS,
    log: deps.log,
  };
  return startJobConsumer(
    'status',
    {
      'status.status': async (report) => {
        await applyDeliveryReport(deps, report);
        await schedulePriceCheck(prices, report);
      },
      'status.price': (job) => checkPrice(prices, job),
    },
    context.queues,
    { ...context.options, concurrency: 20 },
  );
}
