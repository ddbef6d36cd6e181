import { twilioAuthEnv } from '@datadrill/core';
import { z } from 'zod';

/**
 * A host on this machine or a container next to it (a name without dots, e.g. compose's `simulator`):
 * where the simulator's own fake Twilio can be, and real Twilio cannot.
 */
function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host) || /^[a-z0-9-]+$/i.test(host);
}

/** Local mode: the fake Twilio API plus a WhatsApp-like page that talks to the bot as Twilio would. */
export const simulatorEnvSchema = z.object({
  ...twilioAuthEnv,
  // The URL the ingress checks signatures against (its PUBLIC_URL).
  PUBLIC_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  // Where the ingress really listens, when PUBLIC_URL is a tunnel or proxy in front of it.
  INGRESS_URL: z
    .url()
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  TWILIO_WHATSAPP_FROM: z.string().default('whatsapp:+14155238886'),
  // Where the worker sends replies in local mode; `pnpm chat` reads them back from here. The
  // simulator signs webhooks with TWILIO_AUTH_TOKEN, so it refuses to run unless this is its own
  // fake Twilio on this machine: it can never forge webhooks with a real account's token.
  TWILIO_API_URL: z
    .url()
    .default('http://127.0.0.1:3001')
    .refine((url) => isLocalHost(new URL(url).hostname), {
      message:
        'the simulator signs webhooks, so it only runs against its own local fake Twilio (e.g. http://127.0.0.1:3001)',
    }),
  // Where the fake Twilio API listens (0.0.0.0 in a container, so the worker can reach it).
  FAKE_TWILIO_HOST: z.string().default('127.0.0.1'),
  FAKE_TWILIO_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  // The mentors' channel, played by a fake Slack, when the three Slack settings are given (the same
  // as the worker's and the ingress's). The worker's SLACK_API_URL points at FAKE_SLACK_PORT.
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_MENTOR_CHANNEL: z.string().min(1).optional(),
  FAKE_SLACK_HOST: z.string().default('127.0.0.1'),
  FAKE_SLACK_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  SIMULATOR_HOST: z.string().default('127.0.0.1'),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type SimulatorEnv = z.output<typeof simulatorEnvSchema>;
