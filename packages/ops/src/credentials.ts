import { timingSafeEqual } from 'node:crypto';

/** Compares a secret in constant time (for equal lengths), so timing tells a guesser nothing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether an `Authorization: Basic …` header carries exactly these credentials. */
export function basicAuthMatches(header: string | undefined, user: string, password: string): boolean {
  const [scheme, encoded] = (header ?? '').split(' ');
  if (scheme !== 'Basic' || !encoded) return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && sameSecret(decoded.slice(0, colon), user) && sameSecret(decoded.slice(colon + 1), password);
}

/** Refused logins allowed per client address and minute before 429: guessing a long password is hopeless. */
export const FAILED_LOGINS_PER_MINUTE = 10;
