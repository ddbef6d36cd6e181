import { twilioAuthEnv } from '@datadrill/core';
import { z } from 'zod';

/** Local mode: the fake Twilio API and the tools that talk to the bot as Twilio would. */
export const simulatorEnvSchema = z.object({
  ...twilioAuthEnv,
  PUBLIC_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  // Where the ingress really listens, when PUBLIC_URL is a tunnel or proxy in front of it.
  INGRESS_URL: z.url().optional(),
  TWILIO_WHATSAPP_FROM: z.string().default('whatsapp:+14155238886'),
  TWILIO_API_URL: z.url().default('http://127.0.0.1:3001'),
  // Where the fake Twilio API listens (0.0.0.0 in a container, so the worker can reach it).
  FAKE_TWILIO_HOST: z.string().default('127.0.0.1'),
  FAKE_TWILIO_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
});

export type SimulatorEnv = z.output<typeof simulatorEnvSchema>;
