/**
 * Learners are keyed by the digits of their number, whatever channel prefix or
 * formatting Twilio or the learner used (`whatsapp:+27 82-555 0101` → `27825550101`).
 */
export function normalisePhone(address: string): string {
  return address.replace(/\D/g, '');
}

/** Keeps a number recognisable to an operator without exposing it: `27*****0101`. */
export function maskPhone(address: string): string {
  const digits = normalisePhone(address);
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const head = digits.length > 8 ? digits.slice(0, 2) : '';
  const tail = digits.slice(-4);
  return head + '*'.repeat(digits.length - head.length - tail.length) + tail;
}

/**
 * A phone number inside free text: an international number with its "+", or a bare run of 9+
 * digits; not part of an id or a date.
 */
const PHONE_IN_TEXT = /(?<![\w+])(?:\+\d[\d ()-]{5,}\d|\d{9,})(?![\w])/g;

/** Masks every phone-like number in a string (Twilio's errors quote the recipient): "+27825550101" → "27*****0101". */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) => maskPhone(match));
}
