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

/** Sends queued messages, no faster than the sender's MPS across all workers (BullMQ's global limiter). */
export function startOutboundWorker(
  deps: OutboundDeps,
  options: QueueWorkerOptions & { messagesPerSecond: number },
): Worker {
  const { messagesPerSecond, ...settings } = options;
  return startQueueWorker(
    QueueName.outbound,
    outboundJobSchema,
    (job, attempt) => sendOutbound(deps, job.outboundId, attempt),
    { ...settings, limiter: smoothLimiter(messagesPerSecond) },
  );
}

/**
 * BullMQ's limiter counts in fixed windows that start with the first job, not on the clock: with
 * one-second windows, a burst can put up to twice the MPS into one clock second (and Twilio answers
 * 429). Windows of MPS/40 messages (about 25 ms), sized so that every clock second overlapping them
 * totals at most the MPS, send an even stream; at 80 the bound is 78, and the two left over absorb
 * the jitter between a job's start and its request reaching Twilio when the cores are busy (4-message
 * windows, bound exactly 80, let 6–21 of 2,000 into 429s on a saturated machine).
 */
export function smoothLimiter(messagesPerSecond: number): { max: number; duration: number } {
  const max = Math.max(1, Math.floor(messagesPerSecond / 40));
  let duration = Math.ceil((1000 * max) / messagesPerSecond);
  while ((Math.floor(1000 / duration) + 1) * max > messagesPerSecond) duration++;
  return { max, duration };
}
