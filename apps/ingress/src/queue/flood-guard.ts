import { normalisePhone } from '@datadrill/core';
import { type RedisConnection, redisScript } from '@datadrill/ops';

/** What to do with a sender's message this minute. */
export type FloodVerdict = 'accept' | 'notify' | 'drop';

/**
 * Counts and sets the expiry in one script: a MULTI would cost an ioredis Pipeline per webhook,
 * whose construction alone took a tenth of the ingress's CPU.
 */
const COUNT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count`;

/**
 * Per-sender flood control: a counter per number and clock minute in Redis, shared by every
 * ingress (one key per script call, so any master of a cluster may hold it). Past `limit` messages in a minute, the first extra one is answered with a notice
 * and the rest are acknowledged but not processed.
 */
export function createFloodGuard(redis: RedisConnection, prefix: string, limit: number) {
  const floodCount = redisScript<number>(redis, 'floodCount', COUNT_SCRIPT);
  return {
    async verdict(from: string, now = Date.now()): Promise<FloodVerdict> {
      const minute = Math.floor(now / 60_000);
      const count = await floodCount(`${prefix}:flood:${normalisePhone(from)}:${minute}`, 120);
      if (count <= limit) return 'accept';
      return count === limit + 1 ? 'notify' : 'drop';
    },
  };
}

export type FloodGuard = ReturnType<typeof createFloodGuard>;
