import mysql from 'mysql2/promise';
import { type RedisConnection, redisNodes } from './redis-connection.js';

export type Check = () => Promise<void>;

export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | 'failed'>;
}

/**
 * Runs every dependency check at once, each bounded by `timeoutMs`, and names what failed. The
 * answer carries check names only: error texts hold internal addresses, so they go to `onFailure`
 * (the log) instead.
 */
export async function checkReadiness(
  checks: Record<string, Check>,
  timeoutMs = 2000,
  onFailure: (check: string, reason: string) => void = () => {},
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, 'ok'] as const;
      } catch (error) {
        onFailure(name, (error as Error).message || 'failed');
        return [name, 'failed'] as const;
      }
    }),
  );
  return { ready: entries.every(([, result]) => result === 'ok'), checks: Object.fromEntries(entries) };
}

/** Every master of a cluster must answer: a queue whose slot is on a silent one cannot move. */
export function redisCheck(redis: RedisConnection): Check {
  return async () => {
    if (redis.isCluster && redis.status !== 'ready') throw new Error(`Redis Cluster connection is ${redis.status}`);
    const replies = await Promise.all(redisNodes(redis).map((node) => node.ping()));
    if (replies.some((reply) => reply !== 'PONG')) throw new Error('unexpected PING reply');
  };
}

/** A fresh connection each time, so the probe tells whether MySQL accepts connections now. */
export function mysqlCheck(databaseUrl: string): Check {
  return async () => {
    const url = new URL(databaseUrl);
    const connection = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      connectTimeout: 1500,
    });
    try {
      await connection.query('SELECT 1');
    } finally {
      connection.destroy();
    }
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
