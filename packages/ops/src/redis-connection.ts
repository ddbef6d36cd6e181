import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A single Redis or a Redis Cluster: every app takes either, built by `connectRedis`. */
export type RedisConnection = Redis | Cluster;

/** Where Redis is: REDIS_URL, or the cluster's seed nodes when REDIS_CLUSTER_NODES is set. */
export interface RedisTarget {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES: readonly { host: string; port: number }[];
}

/**
 * What a connection is for. `worker`: blocks on Redis and waits out outages (BullMQ requires
 * `maxRetriesPerRequest: null`). `producer`: fails fast rather than queue commands in memory, so a
 * 200 to Twilio means "stored". `probe`: readiness checks and queue gauges, answered or failed at once.
 */
export type RedisRole = 'worker' | 'producer' | 'probe';

const ROLES: Record<RedisRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null },
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1500 },
  probe: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1500 },
};

/**
 * The one way the apps connect to Redis. On a cluster, REDIS_URL still supplies the credentials
 * and TLS (`rediss://`) used for every node; its host and port are ignored.
 */
export function connectRedis(target: RedisTarget, role: RedisRole, extra: RedisOptions = {}): RedisConnection {
  const options = { ...ROLES[role], ...extra };
  if (target.REDIS_CLUSTER_NODES.length === 0) return new Redis(target.REDIS_URL, options);
  const url = new URL(target.REDIS_URL);
  const { enableOfflineQueue = true, ...nodeOptions } = options;
  return new Cluster([...target.REDIS_CLUSTER_NODES], {
    enableOfflineQueue,
    redisOptions: {
      ...nodeOptions,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  });
}

/**
 * BullMQ's Lua scripts touch many keys of one queue, which a cluster only allows within one slot.
 * On a cluster each queue gets a hash tag of its own (`datadrill:{inbound}:inbound:wait`), as
 * BullMQ's docs advise, so the queues spread over the masters while every key stays under the
 * deployment's prefix; on a single Redis the prefix is left as it was, so no key moves.
 */
export function queuePrefix(connection: RedisConnection, prefix: string, queue: string): string {
  return connection.isCluster ? `${prefix}:{${queue}}` : prefix;
}

/** Every master of a cluster, or the one Redis: for what must be asked of each (INFO, SCAN). */
export function redisNodes(connection: RedisConnection): Redis[] {
  return connection instanceof Cluster ? connection.nodes('master') : [connection];
}

/** Deletes every key matching `pattern` (a glob), on every master of a cluster. */
export async function unlinkMatching(connection: RedisConnection, pattern: string): Promise<void> {
  for (const node of redisNodes(connection)) {
    for await (const keys of node.scanStream({ match: pattern, count: 500 })) {
      const page = keys as string[];
      if (page.length === 0) continue;
      // One UNLINK per key on a cluster: the keys of one scan page lie in many slots.
      if (connection.isCluster) await node.pipeline(page.map((key) => ['unlink', key])).exec();
      else await node.unlink(...page);
    }
  }
}
