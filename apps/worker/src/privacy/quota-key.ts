import { createHmac } from 'node:crypto';

/**
 * The keyed one-way hash an erased learner's daily limit survives under: HMAC-SHA256 of the number
 * with a secret (ERASURE_HASH_SECRET, or the Twilio auth token), so the table alone cannot be
 * turned back into numbers by hashing every possible one.
 */
export function quotaKeyer(secret: string): (phone: string) => string {
  return (phone) => createHmac('sha256', secret).update(phone.replace(/\D/g, '')).digest('hex');
}
