import {
  JOB_RETENTION,
  type OutboundDeps,
  type OutboundJob,
  type Outbox,
  outboundJobSchema,
  QueueName,
  sendOutbound,
} from '@datadrill/core';
import type { Queue, Worker } from 'bullmq';
import { type QueueWorkerOptions, startQueueWorker } from './queue-worker.js';

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** The producer side: one job per message, its id derived from the row so a repeat is a no-op. */
export function createOutbox(queue: Queue<OutboundJob>, retry: RetryPolicy): Outbox {
  return {
    async enqueue(ids) {
      const jobs = ids.map((outboundId) => ({
        name: 'send',
        data: { outboundId },
        opts: {
          jobId: `outbound-${outboundId}`,
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
          ...JOB_RETENTION,
        },
      }));
      // A single add is one script call; addBulk builds a MULTI (an ioredis Pipeline) for any number.
      const [only] = jobs;
      if (jobs.length === 1 && only) await queue.add(only.name, only.data, only.opts);
      else if (jobs.length > 1) await queue.addBulk(jobs);
    },
  };
}

/**
 * Sends queued messages. BullMQ's global limiter admits at most the MPS per second across all
 * workers, so a burst waits in Redis (visible on the dashboard) rather than in processes; the
 * messenger's pacer then spaces the admitted sends evenly (one-second windows alone would put up
 * to twice the MPS into one clock second).
 */
export function startOutboundWorker(
  deps: OutboundDeps,
  options: QueueWorkerOptions & { messagesPerSecond: number },
): Worker {
  const { messagesPerSecond, ...settings } = options;
  return startQueueWorker(
    QueueName.outbound,
    outboundJobSchema,
    (job, attempt) => sendOutbound(deps, job.outboundId, attempt),
    { ...settings, limiter: { max: messagesPerSecond, duration: 1000 } },
  );
}
