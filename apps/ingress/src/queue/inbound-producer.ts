import type { DeliveryReport, InboundMessage, Logger, MentorDeskJob } from '@datadrill/core';
import { connectRedis, createJobProducer, openQueues, type RedisConnection, type RedisTarget } from '@datadrill/ops';
import type { Queue } from 'bullmq';

export interface InboundProducer {
  /** Resolves once the message is stored in Redis; rejects at once when Redis is unreachable. */
  enqueue(message: InboundMessage): Promise<void>;
  /** Same guarantee for a Twilio status callback. */
  enqueueStatus(report: DeliveryReport): Promise<void>;
  /** Same guarantee for the mentor desk; a job id already queued (or kept) makes it a no-op. */
  enqueueMentorDesk(job: Extract<MentorDeskJob, { kind: 'reply' | 'close' }>): Promise<void>;
  /** Every queue this process can show on the dashboard. */
  queues: Queue[];
  redis: RedisConnection;
  close(): Promise<void>;
}

export interface ProducerOptions {
  redis: RedisTarget;
  prefix: string;
  attempts: number;
  backoffMs: number;
  log: Logger;
}

/** The ingress's side of the job catalog: every webhook becomes one job, its id from the catalog. */
export function createInboundProducer(options: ProducerOptions): InboundProducer {
  // Fail fast rather than queue commands in memory: a 200 to Twilio must mean "stored".
  const redis = connectRedis(options.redis, 'producer');
  redis.on('error', (error) => options.log.warn({ reason: error.message }, 'redis connection error'));
  const queues = openQueues({ connection: redis, prefix: options.prefix }, (queue, error) =>
    options.log.warn({ queue, reason: error.message }, 'queue error'),
  );
  const producer = createJobProducer(queues, { attempts: options.attempts, backoffMs: options.backoffMs });
  // While Redis is away BullMQ would wait for it to come back; Twilio must hear now.
  const ready = () => {
    if (redis.status !== 'ready') throw new Error(`Redis connection is ${redis.status}`);
  };

  return {
    queues: Object.values(queues),
    redis,
    async enqueue(message) {
      ready();
      await producer.add('inbound.message', message);
    },
    async enqueueStatus(report) {
      ready();
      await producer.add('status.status', report);
    },
    async enqueueMentorDesk(job) {
      ready();
      await producer.add(`mentor.${job.kind}`, job);
    },
    async close() {
      if (redis.status === 'ready') await Promise.all(Object.values(queues).map((queue) => queue.close()));
      redis.disconnect();
    },
  };
}
