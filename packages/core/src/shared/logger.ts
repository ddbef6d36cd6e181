import { type Logger, pino } from 'pino';
import { maskPhone } from './phone.js';

export type { Logger };

/**
 * Secrets and learners' words never reach the logs, even at debug level by accident:
 * these paths are censored wherever they appear.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-twilio-signature"]',
  'req.headers.cookie',
  'body',
  'Body',
  'text',
  'authToken',
  'password',
];

/**
 * A phone number inside free text (Twilio's error messages quote the recipient, for one): an
 * international number with its "+", or a bare run of 9+ digits; not part of an id or a date.
 */
const PHONE_IN_TEXT = /(?<![\w+])(?:\+\d[\d ()-]{5,}\d|\d{9,})(?![\w])/g;

/** Masks every phone-like number in a string: "+27825550101" → "27*****0101". */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) => maskPhone(match));
}

export function createLogger(options: { name: string; level: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: {
      // Last line of defence: numbers that reach a log line inside a message or a reason are masked.
      log: (object) =>
        Object.fromEntries(
          Object.entries(object).map(([key, value]) => [key, typeof value === 'string' ? maskPhonesIn(value) : value]),
        ),
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? maskPhonesIn(arg) : arg)) as Parameters<typeof method>,
        );
      },
    },
  });
}
