import { commonEnv, loginPasswordRule, twilioAuthEnv } from '@datadrill/core';
import { z } from 'zod';

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
    // The Slack app's bot token (files:read): GET /media/slack/… streams a mentor's image or PDF to
    // Twilio, which sends it to the learner. Unset, that route answers 404 (files then stay in Slack).
    SLACK_BOT_TOKEN: z.string().min(1).optional(),
    // Sends Slack Web API calls here instead of https://slack.com/api/: a fake Slack for tests.
    SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
    // Checks the worker's signed links to mentors' files: the same value as the worker's. Unset, a key
    // derived from TWILIO_AUTH_TOKEN is used.
    MEDIA_URL_SECRET: z.string().min(16).optional(),
    // Bull Board (/admin/queues) and /metrics sit behind HTTP basic auth with these credentials, on
    // their own port (never the public webhook port), e.g. reachable only from the ops network.
    DASHBOARD_USER: z.string().min(1).default('ops'),
    DASHBOARD_PASSWORD: z.string().min(1).optional(),
    DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    DASHBOARD_HOST: z.string().default('0.0.0.0'),
  })
  .superRefine(loginPasswordRule('DASHBOARD_PASSWORD', 'the queue dashboard can retry and delete jobs'));

export type IngressEnv = z.output<typeof ingressEnvSchema>;
