import { randomBytes } from 'node:crypto';
import { type InboundMessage, type OutboundJob, QueueName } from '@datadrill/core';
import { connectRedis, createJobProducer, openQueues, queueOptions, unlinkMatching } from '@datadrill/ops';
import { Queue } from 'bullmq';

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

/**
 * A queue prefix of its own for one test file, so parallel files and developers' queues never meet.
 * `clusterNodes` (host:port,…) puts it on a Redis Cluster, as REDIS_CLUSTER_NODES does the apps.
 */
export function createTestQueue(label: string, redisUrl = TEST_REDIS_URL, clusterNodes = ''): TestQueue {
  const prefix = `dd-test-${label}-${randomBytes(4).toString('hex')}`;
  const nodes = clusterNodes.split(',').filter(Boolean);
  const REDIS_CLUSTER_NODES = nodes.map((node) => ({
    host: node.split(':')[0] ?? '',
    port: Number(node.split(':')[1]),
  }));
  const connection = connectRedis({ REDIS_URL: redisUrl, REDIS_CLUSTER_NODES }, 'worker');
  // Fault scenarios stop this Redis on purpose; the client reconnects by itself.
  connection.on('error', () => {});
  const settings = { connection, prefix };
  const inbound = new Queue<InboundMessage>(QueueName.inbound, queueOptions(settings, QueueName.inbound));
  const outbound = new Queue<OutboundJob>(QueueName.outbound, queueOptions(settings, QueueName.outbound));
  const mentor = new Queue(QueueName.mentor, queueOptions(settings, QueueName.mentor));
  return {
    prefix,
    inbound,
    outbound,
    mentor,
    async outboundJob(outboundId) {
      const queues = openQueues(settings, () => {});
      await createJobProducer(queues, { attempts: 3, backoffMs: 200 }).add('outbound.send', { outboundId });
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
    },
    async drop() {
      await Promise.all([inbound.close(), outbound.close(), mentor.close()]);
      // Every queue's keys (status, mentor and its scheduler too), not only the two above.
      await unlinkMatching(connection, `${prefix}:*`);
      await connection.quit();
    },
  };
}
