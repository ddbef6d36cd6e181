import { type InboundMessage, JOB_RETENTION, type Logger, QueueName } from '@datadrill/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export interface InboundProducer {
  /** Resolves once the message is stored in Redis; rejects at once when Redis is unreachable. */
  enqueue(message: InboundMessage): Promise<void>;
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
  queue.on('error', (error) => options.log.warn({ reason: error.message }, 'inbound queue error'));

  return {
    queues: [queue],
    redis,
    async enqueue(message) {
      // While Redis is away BullMQ would wait for it to come back; Twilio must hear now.
      if (redis.status !== 'ready') throw new Error(`Redis connection is ${redis.status}`);
      await queue.add('message', message, {
        // Twilio may deliver a webhook twice: the MessageSid makes the second add a no-op.
        jobId: message.messageSid,
        attempts: options.attempts,
        backoff: { type: 'exponential', delay: options.backoffMs, jitter: 0.5 },
        ...JOB_RETENTION,
      });
    },
    async close() {
      if (redis.status === 'ready') await queue.close();
      redis.disconnect();
    },
  };
}
