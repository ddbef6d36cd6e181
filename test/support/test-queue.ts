import { randomBytes } from 'node:crypto';
import { type InboundMessage, QueueName } from '@datadrill/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestQueue {
  prefix: string;
  inbound: Queue<InboundMessage>;
  /** Removes every key under this file's prefix. */
  drop(): Promise<void>;
}

/** A queue prefix of its own for one test file, so parallel files and developers' queues never meet. */
export function createTestQueue(label: string): TestQueue {
  const prefix = `dd-test-${label}-${randomBytes(4).toString('hex')}`;
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const inbound = new Queue<InboundMessage>(QueueName.inbound, { connection, prefix });
  return {
    prefix,
    inbound,
    async drop() {
      await inbound.obliterate({ force: true });
      await inbound.close();
      await connection.quit();
    },
  };
}
