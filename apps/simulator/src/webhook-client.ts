import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { SimulatorEnv } from './env.js';

/** Posts an inbound WhatsApp message to the ingress exactly as Twilio does, signature included. */
export async function postInbound(env: SimulatorEnv, from: string, body: string): Promise<Response> {
  const messageSid = `SM${randomBytes(16).toString('hex')}`;
  const params = {
    MessageSid: messageSid,
    SmsMessageSid: messageSid,
    AccountSid: env.TWILIO_ACCOUNT_SID,
    From: from,
    To: env.TWILIO_WHATSAPP_FROM,
    Body: body,
    NumMedia: '0',
    ProfileName: 'Simulator',
    WaId: from.replace(/\D/g, ''),
  };
  const signature = twilio.getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN, `${env.PUBLIC_URL}/bot`, params);
  return fetch(`${env.INGRESS_URL ?? env.PUBLIC_URL}/bot`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}
