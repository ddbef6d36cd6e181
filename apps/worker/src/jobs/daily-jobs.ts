import { cronOf, type DailySchedules, dailyScheduler, handleScheduled, type InboundDeps } from '@datadrill/core';
import { type JobProducer, type Queues, startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { ConsumerContext } from './consumer-context.js';

/**
 * Each learner's daily challenge is a BullMQ job scheduler (cron at their local time, in their
 * zone): kept in Redis, so it survives restarts, and run once however many workers there are.
 */
export function createDailySchedules(
  queues: Queues,
  producer: JobProducer,
  now: () => Date,
  refOf: (phone: string) => string,
): DailySchedules {
  return {
    async set(phone, time, zone) {
      const { schedulerId, template } = dailyScheduler(phone, refOf(phone));
      await queues.daily.upsertJobScheduler(schedulerId, { pattern: cronOf(time), tz: zone }, template);
    },
    async clear(phone) {
      await queues.daily.removeJobScheduler(dailyScheduler(phone, refOf(phone)).schedulerId);
    },
    async remind(phone, at, day) {
      const job = { phone, kind: 'remind' as const, day, ref: refOf(phone) };
      await producer.add('daily.remind', job, { delayMs: at.getTime() - now().getTime() });
    },
  };
}

export function startDailyJobs(deps: InboundDeps, context: ConsumerContext): Worker {
  return startJobConsumer(
    'daily',
    { 'daily.send': (job) => handleScheduled(deps, job), 'daily.remind': (job) => handleScheduled(deps, job) },
    context.queues,
    { ...context.options, concurrency: 10 },
  );
}
