import { z } from 'zod';

/** Environment fields shared by the apps; each app composes its own schema from them. */

export const commonEnv = {
  // Unset means production: the dashboard needs its password and an evicting Redis is refused.
  // Development is asked for explicitly (the quick start's .env does).
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // BullMQ connection; producers fail fast on it, workers reconnect forever.
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
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
