import { type Logger, pino } from 'pino';
import { maskPhonesIn } from './phone.js';

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
