import { Redis } from 'ioredis';

/** Workers block on Redis and must wait out outages: BullMQ requires `maxRetriesPerRequest: null`. */
export function workerConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null });
}
