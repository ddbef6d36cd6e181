import { commonEnv, databaseEnv, isTimeZone, loginPasswordRule, trustProxyField } from '@datadrill/core';
import { z } from 'zod';

export const insightsEnvSchema = z
  .object({
    NODE_ENV: commonEnv.NODE_ENV,
    LOG_LEVEL: commonEnv.LOG_LEVEL,
    SHUTDOWN_TIMEOUT_MS: commonEnv.SHUTDOWN_TIMEOUT_MS,
    ...databaseEnv,
    // Where the school's dashboard listens (its own port; reach it through the school's proxy).
    INSIGHTS_PORT: z.coerce.number().int().min(0).max(65535).default(3005),
    INSIGHTS_HOST: z.string().default('0.0.0.0'),
    // The proxies in front of the dashboard whose X-Forwarded-For is believed (the login's rate limit
    // counts by the client's address): their addresses or subnets; unset, none.
    INSIGHTS_TRUST_PROXY: trustProxyField,
    // A read replica in production; else DATABASE_REPLICA_URL, else the primary (DATABASE_URL). Every
    // connection is set read only whatever its user may do: the dashboard never writes. While a
    // replica does not answer, the dashboard reads the primary.
    INSIGHTS_DATABASE_URL: z.url({ protocol: /^mysql2?$/ }).optional(),
    // The staff login (the form at /login, or HTTP basic auth for scripts fetching exports).
    INSIGHTS_USER: z.string().min(1).default('school'),
    INSIGHTS_PASSWORD: z.string().min(1).optional(),
    // Learners' numbers and names are masked on every page and export unless this is true.
    INSIGHTS_SHOW_NUMBERS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    // The school's days and weeks (the same zone the worker rolls the daily summaries up in).
    SCHOOL_TIMEZONE: z
      .string()
      .default('UTC')
      .refine((zone) => isTimeZone(zone), 'an IANA time zone, e.g. Africa/Johannesburg or UTC'),
    // The library, so a flagged challenge links to its file and line.
    CHALLENGES_DIR: z.string().default('challenges'),
  })
  .superRefine(loginPasswordRule('INSIGHTS_PASSWORD', "the school's dashboard shows what learners do"))
  .transform(({ INSIGHTS_DATABASE_URL, ...env }) => ({
    ...env,
    INSIGHTS_DATABASE_URL: INSIGHTS_DATABASE_URL ?? env.DATABASE_REPLICA_URL ?? env.DATABASE_URL,
  }));

export type InsightsEnv = z.output<typeof insightsEnvSchema>;
