import { handleInbound, type InboundDeps, inboundMessageSchema, type Logger, QueueName } from '@datadrill/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

export interface InboundWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  log: Logger;
}

/** Consumes the inbound queue: each job is one WhatsApp message, handled by the core use case. */
export function startInboundWorker(deps: InboundDeps, options: InboundWorkerOptions): Worker {
  const worker = new Worker(
    QueueName.inbound,
    async (job: Job) => {
      // The producer validated the payload; parse again so a foreign or stale job fails loudly.
      const parsed = inboundMessageSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid inbound job: ${parsed.error.issues[0]?.message}`);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await handleInbound(deps, parsed.data, { final });
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('failed', (job, error) =>
    options.log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: error.message }, 'inbound job failed'),
  );
  worker.on('error', (error) => options.log.error({ reason: error.message }, 'inbound worker error'));
  return worker;
}
