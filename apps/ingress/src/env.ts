import { commonEnv, twilioAuthEnv } from '@datadrill/core';
import { z } from 'zod';

/** Long and varied enough that a rate-limited login cannot guess it (e.g. `openssl rand -base64 24`). */
const MIN_PASSWORD_LENGTH = 16;
const MIN_DISTINCT_CHARACTERS = 8;

export const ingressEnvSchema = z
  .object({
    ...commonEnv,
    ...twilioAuthEnv,
    // The ingress never uses MySQL: it only queues, so its readiness is Redis's.
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    // The public origin Twilio calls (e.g. https://bot.school.org): signatures are computed
    // over it, not over the address a proxy forwards to.
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
    // Messages per minute from one number before the ingress stops passing them on (one notice, then silence).
    FLOOD_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    // The Slack app's signing secret: POST /slack/events (the mentor desk) verifies every request with it.
    SLACK_SIGNING_SECRET: z.string().min(8).optional(),
    // Bull Board (/admin/queues) and /metrics sit behind HTTP basic auth with these credentials, on
    // their own port (never the public webhook port), e.g. reachable only from the ops network.
    DASHBOARD_USER: z.string().min(1).default('ops'),
    DASHBOARD_PASSWORD: z.string().min(1).optional(),
    DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    DASHBOARD_HOST: z.string().default('0.0.0.0'),
  })
  .superRefine((env, context) => {
    const password = env.DASHBOARD_PASSWORD;
    if (env.NODE_ENV === 'development' && !password) return;
    const problem = !password
      ? 'required outside development: the queue dashboard can retry and delete jobs'
      : password.length < MIN_PASSWORD_LENGTH || new Set(password).size < MIN_DISTINCT_CHARACTERS
        ? `must be a long random password (at least ${MIN_PASSWORD_LENGTH} characters, e.g. from: openssl rand -base64 24)`
        : undefined;
    if (problem) context.addIssue({ code: 'custom', path: ['DASHBOARD_PASSWORD'], message: problem });
  });

export type IngressEnv = z.output<typeof ingressEnvSchema>;
