import { randomBytes } from 'node:crypto';
import { type InboundMessage, type OutboundJob, QueueName } from '@datadrill/core';
import { createJobProducer, openQueues } from '@datadrill/ops';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestQueue {
  prefix: string;
  inbound: Queue<InboundMessage>;
  outbound: Queue<OutboundJob>;
  mentor: Queue;
  /** Queues the send of an `outbound_messages` row, as the worker does. */
  outboundJob(outboundId: number): Promise<void>;
  /** Removes every key under this file's prefix. */
  drop(): Promise<void>;
}

/** A queue prefix of its own for one test file, so parallel files and developers' queues never meet. */
export function createTestQueue(label: string, redisUrl = TEST_REDIS_URL): TestQueue {
  const prefix = `dd-test-${label}-${randomBytes(4).toString('hex')}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // Fault scenarios stop this Redis on purpose; the client reconnects by itself.
  connection.on('error', () => {});
  const inbound = new Queue<InboundMessage>(QueueName.inbound, { connection, prefix });
  const outbound = new Queue<OutboundJob>(QueueName.outbound, { connection, prefix });
  const mentor = new Queue(QueueName.mentor, { connection, prefix });
  return {
    prefix,
    inbound,
    outbound,
    mentor,
    async outboundJob(outboundId) {
      const queues = openQueues({ connection, prefix }, () => {});
      await createJobProducer(queues, { attempts: 3, backoffMs: 200 }).add('outbound.send', { outboundId });
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
    },
    async drop() {
      await Promise.all([inbound.close(), outbound.close(), mentor.close()]);
      // Every queue's keys (status, mentor and its scheduler too), not only the two above.
      for await (const keys of connection.scanStream({ match: `${prefix}:*`, count: 500 })) {
        if ((keys as string[]).length > 0) await connection.unlink(...(keys as string[]));
      }
      await connection.quit();
    },
  };
}
