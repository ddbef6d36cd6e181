import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

/** The form fields Twilio posts for an inbound WhatsApp text message. */
export function inboundParams(
  accountSid: string,
  from: string,
  to: string,
  body: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const messageSid = overrides.MessageSid ?? `SM${randomBytes(16).toString('hex')}`;
  return {
    SmsMessageSid: messageSid,
    MessageSid: messageSid,
    AccountSid: accountSid,
    From: from,
    To: to,
    Body: body,
    NumMedia: '0',
    ProfileName: 'Learner',
    WaId: from.replace(/\D/g, ''),
    ...overrides,
  };
}

/** `X-Twilio-Signature` for `params` posted to `url` (the public URL Twilio was configured with). */
export function signWebhook(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Posts form fields as Twilio does; `signature` undefined sends none. */
export function postWebhook(
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === undefined ? {} : { 'x-twilio-signature': signature }),
    },
    body: new URLSearchParams(params).toString(),
  });
}
