import { normalisePhone } from '@datadrill/core';
import type { Redis } from 'ioredis';

/** What to do with a sender's message this minute. */
export type FloodVerdict = 'accept' | 'notify' | 'drop';

/**
 * Per-sender flood control: a counter per number and clock minute in Redis, shared by every
 * ingress. Past `limit` messages in a minute, the first extra one is answered with a notice
 * and the rest are acknowledged but not processed.
 */
export function createFloodGuard(redis: Redis, prefix: string, limit: number) {
  return {
    async verdict(from: string, now = Date.now()): Promise<FloodVerdict> {
      const minute = Math.floor(now / 60_000);
      const key = `${prefix}:flood:${normalisePhone(from)}:${minute}`;
      const [[, count]] = (await redis.multi().incr(key).expire(key, 120).exec()) as [[null, number], unknown];
      if (count <= limit) return 'accept';
      return count === limit + 1 ? 'notify' : 'drop';
    },
  };
}

export type FloodGuard = ReturnType<typeof createFloodGuard>;
