import type { RedisConnection } from './redis-connection.js';

type ScriptArg = string | number;

/**
 * A one-key Lua script as a function on this connection. It is defined once per connection
 * (ioredis then sends EVALSHA, and the script's text only when Redis does not know it yet),
 * whoever asks for it, and costs one round trip with no MULTI or ioredis Pipeline around it.
 * One key only, so it is cluster-safe: the script runs on the master that owns the key's slot.
 */
export function redisScript<R>(
  redis: RedisConnection,
  name: string,
  lua: string,
): (key: string, ...args: ScriptArg[]) => Promise<R> {
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 1, lua });
  const command = (redis as unknown as Record<string, (...args: ScriptArg[]) => Promise<R>>)[name];
  if (!command) throw new Error(`Redis script ${name} is not defined`);
  return (key, ...args) => command.call(redis, key, ...args);
}
