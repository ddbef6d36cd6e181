import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';
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

/**
 * The apps' logger: JSON lines, with secrets and texts censored and numbers masked. `pretty` (a
 * developer at a terminal) prints them as readable lines instead, with the same masking.
 */
export function createLogger(options: { name: string; level: string; pretty?: boolean }): Logger {
  const stream = options.pretty
    ? pretty({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' })
    : undefined;
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: {
        // Last line of defence: numbers that reach a log line inside a message or a reason are masked.
        log: (object) =>
          Object.fromEntries(
            Object.entries(object).map(([key, value]) => [
              key,
              typeof value === 'string' ? maskPhonesIn(value) : value,
            ]),
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
    },
    stream,
  );
}

/** Readable lines for a developer: local mode (NODE_ENV=development) at a terminal. */
export function prettyLogs(nodeEnv: string): boolean {
  return nodeEnv === 'development' && process.stdout.isTTY === true;
}
