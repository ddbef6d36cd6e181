import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Secrets and learners' words never reach the logs, even at debug level by accident:
 * these paths are censored wherever they appear. Phone numbers are logged through
 * `maskPhone` by the code that has them.
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
  });
}
