import { commonEnv, databaseEnv, twilioAuthEnv } from '@datadrill/core';
import { z } from 'zod';

export const ingressEnvSchema = z
  .object({
    ...commonEnv,
    ...twilioAuthEnv,
    // Only probed by /readyz: the ingress itself never queries the database.
    ...databaseEnv,
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    // The public origin Twilio calls (e.g. https://bot.school.org): signatures are computed
    // over it, not over the address a proxy forwards to.
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
    // Messages per minute from one number before the ingress stops passing them on (one notice, then silence).
    FLOOD_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    // The Slack app's signing secret: POST /slack/events (the mentor desk) verifies every request with it.
    SLACK_SIGNING_SECRET: z.string().min(8).optional(),
    // Bull Board (/admin/queues) and /metrics sit behind HTTP basic auth with these credentials.
    DASHBOARD_USER: z.string().min(1).default('ops'),
    DASHBOARD_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
    // Serve the dashboard and metrics on their own port (e.g. reachable only from the ops network).
    DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV !== 'development' && !env.DASHBOARD_PASSWORD) {
      context.addIssue({
        code: 'custom',
        path: ['DASHBOARD_PASSWORD'],
        message: 'required outside development: the queue dashboard can retry and delete jobs',
      });
    }
  });

export type IngressEnv = z.output<typeof ingressEnvSchema>;
