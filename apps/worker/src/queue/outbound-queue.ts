import {
  JOB_RETENTION,
  type Logger,
  type OutboundDeps,
  type OutboundJob,
  type Outbox,
  outboundJobSchema,
  QueueName,
  sendOutbound,
} from '@datadrill/core';
import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { WorkerMetrics } from '../metrics.js';

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** The producer side: one job per message, its id derived from the row so a repeat is a no-op. */
export function createOutbox(queue: Queue<OutboundJob>, retry: RetryPolicy): Outbox {
  return {
    async enqueue(ids) {
      if (ids.length === 0) return;
      await queue.addBulk(
        ids.map((outboundId) => ({
          name: 'send',
          data: { outboundId },
          opts: {
            jobId: `outbound-${outboundId}`,
            attempts: retry.attempts,
            backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
            ...JOB_RETENTION,
          },
        })),
      );
    },
  };
}

export interface OutboundWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
  /** Twilio's messages per second for the sender, enforced across every worker process. */
  messagesPerSecond: number;
  log: Logger;
  metrics: WorkerMetrics;
}

/** Sends queued messages, no faster than the sender's MPS across all workers (BullMQ's global limiter). */
export function startOutboundWorker(deps: OutboundDeps, options: OutboundWorkerOptions): Worker {
  const worker = new Worker(
    QueueName.outbound,
    async (job: Job) => {
      const timer = options.metrics.jobSeconds.startTimer({ queue: QueueName.outbound });
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        const parsed = outboundJobSchema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid outbound job: ${parsed.error.issues[0]?.message}`);
        await sendOutbound(deps, parsed.data.outboundId, { final });
        timer({ outcome: 'completed' });
      } catch (error) {
        timer({ outcome: final || error instanceof UnrecoverableError ? 'failed' : 'retry' });
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDuration,
      stalledInterval: options.stalledInterval,
      maxStalledCount: options.maxStalledCount,
      limiter: smoothLimiter(options.messagesPerSecond),
    },
  );
  worker.on('failed', (job, error) =>
    options.log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: error.message }, 'outbound job failed'),
  );
  worker.on('error', (error) => options.log.error({ reason: error.message }, 'outbound worker error'));
  return worker;
}

/**
 * BullMQ's limiter counts in fixed windows that start with the first job, not on the clock: with
 * one-second windows, a burst can put up to twice the MPS into one clock second (and Twilio answers
 * 429). Short windows, sized so that every clock second overlapping them still totals no more than
 * the MPS, spread a burst evenly at a small cost in the average (80 → 78.4 per second).
 */
export function smoothLimiter(messagesPerSecond: number): { max: number; duration: number } {
  const max = Math.max(1, Math.floor(messagesPerSecond / 20));
  let duration = Math.ceil((1000 * max) / messagesPerSecond);
  while ((Math.floor(1000 / duration) + 1) * max > messagesPerSecond) duration++;
  return { max, duration };
}
