import {
  type DeliveryReport,
  type InboundMessage,
  JOB_RETENTION,
  type Logger,
  type MentorJob,
  QueueName,
} from '@datadrill/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export interface InboundProducer {
  /** Resolves once the message is stored in Redis; rejects at once when Redis is unreachable. */
  enqueue(message: InboundMessage): Promise<void>;
  /** Same guarantee for a Twilio status callback. */
  enqueueStatus(report: DeliveryReport): Promise<void>;
  /** Same guarantee for the mentor desk; a job id already queued (or kept) makes it a no-op. */
  enqueueDesk(job: MentorJob, jobId: string): Promise<void>;
  /** Every queue this process can show on the dashboard. */
  queues: Queue[];
  redis: Redis;
  close(): Promise<void>;
}

export interface ProducerOptions {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
  log: Logger;
}

export function createInboundProducer(options: ProducerOptions): InboundProducer {
  // Fail fast rather than queue commands in memory: a 200 to Twilio must mean "stored".
  const redis = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1500,
  });
  redis.on('error', (error) => options.log.warn({ reason: error.message }, 'redis connection error'));
  const queue = new Queue<InboundMessage>(QueueName.inbound, { connection: redis, prefix: options.prefix });
  const statuses = new Queue<DeliveryReport>(QueueName.status, { connection: redis, prefix: options.prefix });
  const desk = new Queue<MentorJob>(QueueName.mentor, { connection: redis, prefix: options.prefix });
  for (const q of [queue, statuses, desk])
    q.on('error', (error) => options.log.warn({ reason: error.message }, 'queue error'));
  const retries = {
    attempts: options.attempts,
    backoff: { type: 'exponential', delay: options.backoffMs, jitter: 0.5 },
    ...JOB_RETENTION,
  };
  // While Redis is away BullMQ would wait for it to come back; Twilio must hear now.
  const ready = () => {
    if (redis.status !== 'ready') throw new Error(`Redis connection is ${redis.status}`);
  };

  return {
    queues: [queue, statuses, desk],
    redis,
    async enqueueStatus(report) {
      ready();
      // Twilio may report the same status twice; each status of a message is handled once.
      await statuses.add('status', report, { jobId: `${report.messageSid}-${report.status}`, ...retries });
    },
    async enqueueDesk(job, jobId) {
      ready();
      await desk.add(job.kind, job, { jobId, ...retries });
    },
    async enqueue(message) {
      ready();
      await queue.add('message', message, {
        // Twilio may deliver a webhook twice: the MessageSid makes the second add a no-op.
        jobId: message.messageSid,
        ...retries,
      });
    },
    async close() {
      if (redis.status === 'ready') await Promise.all([queue.close(), statuses.close(), desk.close()]);
      redis.disconnect();
    },
  };
}
