import { z } from 'zod';

/** Environment fields shared by the apps; each app composes its own schema from them. */

export const commonEnv = {
  // Unset means production: the dashboard needs its password and an evicting Redis is refused.
  // Development is asked for explicitly (the quick start's .env does).
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // BullMQ connection; producers fail fast on it, workers reconnect forever.
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  // A Redis Cluster instead, as seed nodes host:port,host:port (any few masters; the rest are
  // discovered). REDIS_URL then gives only the credentials and TLS. Each queue gets a hash tag.
  REDIS_CLUSTER_NODES: z
    .string()
    .default('')
    .transform((value, context) => {
      const nodes = value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => /^(?<host>[^\s:]+|\[[\da-fA-F:]+\]):(?<port>\d{1,5})$/.exec(part)?.groups);
      if (nodes.some((node) => !node || Number(node.port) > 65_535)) {
        context.addIssue({ code: 'custom', message: 'host:port,host:port,… (e.g. 10.0.0.1:6379,10.0.0.2:6379)' });
        return z.NEVER;
      }
      return nodes.map((node) => ({ host: (node?.host ?? '').replace(/^\[|\]$/g, ''), port: Number(node?.port) }));
    }),
  // Namespaces every queue key, so environments (and test files) sharing one Redis never meet.
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/, 'letters, digits, _ and - only')
    .default('datadrill'),
  // Attempts per job before it lands in the failed set; transient failures back off
  // exponentially (with jitter) from JOB_BACKOFF_MS.
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  JOB_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  // On SIGTERM the process finishes what it holds and exits; past this it exits anyway. Keep it
  // shorter than the orchestrator's grace period (docker-compose's stop_grace_period, 30 s).
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
};

export const twilioAuthEnv = {
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the account auth token (32 characters)'),
};

export const databaseEnv = {
  DATABASE_URL: z.url({ protocol: /^mysql2?$/ }).default('mysql://root@127.0.0.1:3306/datadrill'),
  // A read replica of DATABASE_URL (same database name) for reads that need no learner's lock: the
  // challenge catalog, the school dashboard. While it does not answer they go to the primary.
  DATABASE_REPLICA_URL: z.url({ protocol: /^mysql2?$/ }).optional(),
};

/** Long and varied enough that a rate-limited login cannot guess it (e.g. `openssl rand -base64 24`). */
const MIN_PASSWORD_LENGTH = 16;
const MIN_DISTINCT_CHARACTERS = 8;

/**
 * A staff login's password (the queue dashboard's, the school dashboard's): required outside
 * development, where `guards` says what it protects, and long and random whenever it is set.
 */
export function loginPasswordRule<F extends string>(field: F, guards: string) {
  return (env: { NODE_ENV: string } & Partial<Record<F, string>>, context: z.RefinementCtx) => {
    const password = env[field];
    if (env.NODE_ENV === 'development' && !password) return;
    const problem = !password
      ? `required outside development: ${guards}`
      : password.length < MIN_PASSWORD_LENGTH || new Set(password).size < MIN_DISTINCT_CHARACTERS
        ? `must be a long random password (at least ${MIN_PASSWORD_LENGTH} characters, e.g. from: openssl rand -base64 24)`
        : undefined;
    if (problem) context.addIssue({ code: 'custom', path: [field], message: problem });
  };
}

const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'] as const;
const proxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(PROXY_RANGES)]);

/**
 * Which proxies a Fastify app believes about the client (its `trustProxy`): X-Forwarded-For decides
 * `request.ip`, which a login's rate limit counts by, and X-Forwarded-Proto the cookie's `secure`.
 * Unset: none, the connecting address is the client. Else the proxies' addresses or subnets,
 * comma-separated (or loopback, linklocal, uniquelocal): a hop from anywhere else is not believed.
 * Never `true`, and no hop count: Fastify 5 ignores a count (it cannot tell the proxy from a client
 * that reaches the port directly), and trusting any first hop would let such a client name any
 * address and never be limited.
 */
export const trustProxyField = z
  .string()
  .default('')
  .transform((value, context): false | string[] => {
    const text = value.trim();
    if (text === '' || text === 'false') return false;
    const parts = text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const wrong = parts.find((part) => !proxyAddress.safeParse(part).success);
    if (wrong !== undefined) {
      context.addIssue({
        code: 'custom',
        message:
          text === 'true' || /^\d+$/.test(text)
            ? `not ${text} (a client reaching the port directly could forge its address): the proxies' addresses or subnets, e.g. 10.0.0.5 or 172.16.0.0/12`
            : `"${wrong}" is not an address, a subnet, loopback, linklocal or uniquelocal`,
      });
      return z.NEVER;
    }
    return parts;
  });
