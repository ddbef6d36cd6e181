import { handleInbound, type InboundDeps, inboundMessageSchema, type Logger, QueueName } from '@datadrill/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { WorkerMetrics } from '../metrics.js';

export interface InboundWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
  log: Logger;
  metrics: WorkerMetrics;
}

/** Consumes the inbound queue: each job is one WhatsApp message, handled by the core use case. */
export function startInboundWorker(deps: InboundDeps, options: InboundWorkerOptions): Worker {
  const worker = new Worker(
    QueueName.inbound,
    async (job: Job) => {
      const timer = options.metrics.jobSeconds.startTimer({ queue: QueueName.inbound });
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        // The producer validated the payload; parse again so a foreign or stale job fails loudly.
        const parsed = inboundMessageSchema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid inbound job: ${parsed.error.issues[0]?.message}`);
        const handled = await handleInbound(deps, parsed.data);
        if (handled?.outcome === 'limited') options.metrics.quotaRefusals.inc();
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
    },
  );
  worker.on('failed', (job, error) =>
    options.log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: error.message }, 'inbound job failed'),
  );
  worker.on('error', (error) => options.log.error({ reason: error.message }, 'inbound worker error'));
  return worker;
}
