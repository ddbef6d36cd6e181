import { commonEnv, twilioAuthEnv } from '@datadrill/core';
import { z } from 'zod';

export const ingressEnvSchema = z.object({
  ...commonEnv,
  ...twilioAuthEnv,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  // The public origin Twilio calls (e.g. https://bot.school.org): signatures are computed
  // over it, not over the address a proxy forwards to.
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  // Attempts per message before it lands in the failed set (transient errors back off exponentially).
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  JOB_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
});

export type IngressEnv = z.output<typeof ingressEnvSchema>;
