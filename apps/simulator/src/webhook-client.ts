import { inboundParams, postWebhook, signWebhook } from '@datadrill/fake-twilio';
import type { SimulatorEnv } from './env.js';

/**
 * Posts an inbound WhatsApp message to the ingress exactly as Twilio does, signature included;
 * `extra` adds Twilio's fields for a tap (ButtonPayload, ListId…) or media (NumMedia, MediaUrl0…).
 */
export function postInbound(
  env: SimulatorEnv,
  from: string,
  body: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  const params = inboundParams(env.TWILIO_ACCOUNT_SID, from, env.TWILIO_WHATSAPP_FROM, body, {
    ProfileName: 'Simulator',
    ...extra,
  });
  const signature = signWebhook(env.TWILIO_AUTH_TOKEN, `${env.PUBLIC_URL}/bot`, params);
  return postWebhook(`${env.INGRESS_URL ?? env.PUBLIC_URL}/bot`, params, signature);
}
