import type { Redis } from 'ioredis';
import { type RedisConnection, redisNodes } from './redis-connection.js';

export interface PolicyLog {
  warn(object: object, message: string): void;
}

/**
 * BullMQ stores jobs as ordinary keys: an evicting Redis silently loses acknowledged messages.
 * Read from INFO (managed Redis often forbids CONFIG), of every master on a cluster. Throws in
 * production, warns elsewhere.
 */
export async function verifyRedisPolicy(
  redis: Pick<Redis, 'info'> | RedisConnection,
  environment: string,
  log: PolicyLog,
): Promise<void> {
  const nodes = 'isCluster' in redis ? redisNodes(redis) : [redis];
  const policies = await Promise.all(
    nodes.map(async (node) => /maxmemory_policy:(\S+)/.exec(await node.info('memory'))?.[1] ?? 'unknown'),
  );
  const policy = policies.find((one) => one !== 'noeviction');
  if (policy === undefined) return;
  const problem = `Redis maxmemory-policy is "${policy}": BullMQ needs "noeviction", or queued messages can be evicted`;
  if (environment === 'production') throw new Error(problem);
  log.warn({ policy }, `${problem} (allowed outside production)`);
}

export interface StartupLog extends PolicyLog {
  fatal(object: object, message: string): void;
}

/**
 * Runs a start-up check: a failed check stops the process (exit 1); one that cannot run because a
 * dependency is not reachable within `timeoutMs` only warns, so the process starts and recovers.
 */
export async function startupCheck(log: StartupLog, check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([check(), timeout]);
    if (result === 'timeout') log.warn({ timeoutMs }, 'start-up check skipped: Redis not reachable yet');
  } catch (error) {
    log.fatal({ reason: (error as Error).message }, 'refusing to start');
    process.exit(1);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when the connection is ready; connection errors meanwhile are the client's to retry. */
export function whenReady(redis: RedisConnection): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}
