import type { Logger, QueueName } from '@datadrill/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { WorkerMetrics } from '../metrics.js';

export interface QueueWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
  log: Logger;
  metrics: WorkerMetrics;
}

/** Whether the queue will run this job again if it throws. */
export interface JobAttempt {
  final: boolean;
}

/**
 * One way to consume every queue: the payload is parsed again (a foreign or stale job fails for
 * good with its reason), each run is timed by outcome, and failures are logged without the payload.
 */
export function startQueueWorker<S extends z.ZodType>(
  queue: QueueName,
  schema: S,
  handle: (data: z.output<S>, attempt: JobAttempt) => Promise<void>,
  options: QueueWorkerOptions & { limiter?: { max: number; duration: number } },
): Worker {
  const { log, metrics, ...settings } = options;
  const worker = new Worker(
    queue,
    async (job: Job) => {
      const timer = metrics.jobSeconds.startTimer({ queue });
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        const parsed = schema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid ${queue} job: ${parsed.error.issues[0]?.message}`);
        await handle(parsed.data, { final });
        timer({ outcome: 'completed' });
      } catch (error) {
        timer({ outcome: final || error instanceof UnrecoverableError ? 'failed' : 'retry' });
        throw error;
      }
    },
    settings,
  );
  worker.on('failed', (job, error) =>
    log.warn({ queue, jobId: job?.id, attemptsMade: job?.attemptsMade, reason: error.message }, 'job failed'),
  );
  worker.on('error', (error) => log.error({ queue, reason: error.message }, 'queue worker error'));
  return worker;
}
