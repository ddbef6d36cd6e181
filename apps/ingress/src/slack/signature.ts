import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses to count a request older than this as fresh, and so do we (replay protection). */
export const SLACK_REPLAY_WINDOW_S = 5 * 60;

export type SlackVerdict = 'signed' | 'stale' | 'unsigned';

/**
 * Slack's v0 request signature: HMAC-SHA256 with the app's signing secret over
 * `v0:<timestamp>:<raw body>`, sent as `v0=<hex>` with the timestamp in its own header.
 */
export function verifySlackRequest(
  signingSecret: string,
  headers: { timestamp: unknown; signature: unknown },
  rawBody: string,
  nowMs = Date.now(),
): SlackVerdict {
  const { timestamp, signature } = headers;
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    return 'unsigned';
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_REPLAY_WINDOW_S) return 'stale';
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'signed' : 'unsigned';
}

export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}
