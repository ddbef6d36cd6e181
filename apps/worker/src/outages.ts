import { TransientDeliveryError } from '@datadrill/core';

/**
 * MySQL errors that mean the server is unavailable, not that the statement is wrong: too many
 * connections, shutting down, read-only during a failover, connection killed, can't connect,
 * gone away, lost during a query, disconnected for inactivity.
 */
const MYSQL_UNAVAILABLE = new Set([1040, 1053, 1290, 1836, 1927, 2002, 2003, 2006, 2013, 4031]);
/** Socket-level failures, from the MySQL driver or Redis client. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);

/**
 * The outage an error comes from, so the job waits it out instead of spending an attempt; a
 * Twilio credential refusal is named apart, because only an operator can end it.
 */
export function outageOf(error: unknown): string | undefined {
  if (error instanceof TransientDeliveryError)
    return error.needsOperator ? `${error.service}-credentials` : error.service;
  const { name, code, errno, message } = (error ?? {}) as {
    name?: string;
    code?: string;
    errno?: number;
    message?: string;
  };
  if (name === 'KnexTimeoutError') return 'mysql';
  if (errno !== undefined && MYSQL_UNAVAILABLE.has(errno)) return 'mysql';
  if (name === 'MaxRetriesPerRequestError' || message === 'Connection is closed.') return 'redis';
  if (code && NETWORK.has(code)) return 'network';
  return undefined;
}
