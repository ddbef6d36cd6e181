import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import autocannon from 'autocannon';
import twilio from 'twilio';

export const ACCOUNT_SID = `AC${'b1'.repeat(16)}`;
export const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
export const PUBLIC_URL = 'https://bot.bench.test';
export const BOT_NUMBER = 'whatsapp:+14155238886';

export interface SignedWebhook {
  learner: string;
  body: string;
  signature: string;
}

/** Webhooks as Twilio signs them, one learner each, made before the clock starts. */
/**
 * `count` webhooks from as many learners, each saying `text` (or what `text` says for that learner).
 * The same `run` is the same learners, for a conversation over several calls.
 */
export function signedWebhooks(
  count: number,
  text: string | ((learner: string) => string) = 'python easy',
  run = randomBytes(3).readUIntBE(0, 3) % 1000,
): SignedWebhook[] {
  return Array.from({ length: count }, (_, i) => {
    const learner = `whatsapp:+27${String(run).padStart(3, '0')}${String(i).padStart(7, '0')}`;
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const params = {
      MessageSid: sid,
      SmsMessageSid: sid,
      AccountSid: ACCOUNT_SID,
      From: learner,
      To: BOT_NUMBER,
      Body: typeof text === 'string' ? text : text(learner),
    };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/bot`, params);
    return { learner, body: new URLSearchParams(params).toString(), signature };
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  sent: number;
}

export interface LoadOptions {
  url: string;
  webhooks: readonly SignedWebhook[];
  connections?: number;
  durationSeconds?: number;
  /** Send exactly this many (the default: every webhook once). */
  amount?: number;
  /** Requests per second per connection (autocannon paces each connection); unset: as fast as answered. */
  connectionRate?: number;
  /** Called as each webhook is written, e.g. to timestamp it. */
  onSend?: (webhook: SignedWebhook) => void;
  /** A new connection per request, for a server that closes each after its answer (gunicorn's sync workers). */
  connectionPerRequest?: boolean;
}

/** Posts signed webhooks with autocannon: 50 connections by default, each request a new message. */
export async function postWebhooks(options: LoadOptions): Promise<LoadResult> {
  if (options.connectionPerRequest) return postWebhooksClosing(options);
  let next = 0;
  const result = await autocannon({
    url: `${options.url}/bot`,
    connections: options.connections ?? 50,
    ...(options.durationSeconds
      ? { duration: options.durationSeconds }
      : { amount: options.amount ?? options.webhooks.length }),
    ...(options.connectionRate ? { connectionRate: options.connectionRate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const webhook = options.webhooks[next++ % options.webhooks.length];
          if (!webhook) return request;
          options.onSend?.(webhook);
          return {
            ...request,
            body: webhook.body,
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': webhook.signature },
          };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    sent: result.requests.total,
  };
}

/**
 * The same load over one connection per request. autocannon ignores `Connection: close`: it writes
 * its next request on the closing socket, where it is lost (ECONNRESET), then times the answer on
 * the new connection from the lost request's start (on gunicorn's sync workers: a third fewer
 * requests per second, and p50 latency 70 times Little's law's at 4 connections).
 */
async function postWebhooksClosing(options: LoadOptions): Promise<LoadResult> {
  const url = new URL('/bot', options.url);
  const amount = options.durationSeconds ? Number.POSITIVE_INFINITY : (options.amount ?? options.webhooks.length);
  const deadline = performance.now() + (options.durationSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const post = (webhook: SignedWebhook) =>
    new Promise<void>((resolve) => {
      options.onSend?.(webhook);
      const started = performance.now();
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': webhook.signature };
      const req = request(url, { method: 'POST', agent: false, headers }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== 200) errors++;
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(webhook.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.connections ?? 50 }, async () => {
      while (sent < amount && performance.now() < deadline) {
        const webhook = options.webhooks[sent++ % options.webhooks.length];
        if (webhook) await post(webhook);
      }
    }),
  );
  return {
    requestsPerSecond: latencies.length / ((performance.now() - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    sent: latencies.length,
  };
}

/**
 * Posts webhooks at an even pace, one every 1000/rate ms (autocannon's rates come in bursts at
 * the start of each second, which measures queueing behind the burst rather than latency).
 */
export async function pacedWebhooks(
  url: string,
  webhooks: readonly SignedWebhook[],
  rate: number,
  onSend: (webhook: SignedWebhook) => void,
): Promise<number[]> {
  const start = performance.now();
  const acks = webhooks.map(async (webhook, i) => {
    const due = start + (i * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    onSend(webhook);
    const sent = performance.now();
    const response = await fetch(`${url}/bot`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': webhook.signature },
      body: webhook.body,
    });
    await response.arrayBuffer();
    return performance.now() - sent;
  });
  return Promise.all(acks);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
