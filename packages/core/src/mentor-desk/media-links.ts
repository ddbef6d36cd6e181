import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links to a mentor's Slack file, which Twilio fetches to send it on WhatsApp: Slack's own
 * URLs need the bot token, so the ingress serves the file at a path only the worker can sign.
 */

/** Twilio fetches the file when it takes the message (or within its queue's 4 hours): a day is plenty. */
export const MEDIA_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export const SLACK_FILE_ID = /^F[A-Z0-9]{6,20}$/;

/**
 * The key both apps sign with: MEDIA_URL_SECRET, or one derived from the Twilio auth token both
 * already hold (so a deployment without the new variable keeps working).
 */
export function mediaLinkKey(secret: string | undefined, authToken: string): string {
  return secret ?? createHmac('sha256', authToken).update('datadrill:media-links').digest('hex');
}

function signature(key: string, fileId: string, expires: number): string {
  return createHmac('sha256', key).update(`${fileId}.${expires}`).digest('hex');
}

/** `<publicUrl>/media/slack/<fileId>?expires=<unix seconds>&sig=<hmac>`. */
export function signMediaLink(publicUrl: string, fileId: string, key: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${publicUrl}/media/slack/${fileId}?expires=${expires}&sig=${signature(key, fileId, expires)}`;
}

/** Whether a request for `fileId` carries a signature of ours that has not expired. */
export function verifyMediaLink(
  fileId: string,
  query: { expires?: unknown; sig?: unknown },
  key: string,
  now: Date,
): 'valid' | 'expired' | 'forged' {
  const expires = Number(query.expires);
  if (!SLACK_FILE_ID.test(fileId) || !Number.isSafeInteger(expires) || typeof query.sig !== 'string') return 'forged';
  const expected = Buffer.from(signature(key, fileId, expires), 'hex');
  const given = Buffer.from(query.sig, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return expires * 1000 < now.getTime() ? 'expired' : 'valid';
}
