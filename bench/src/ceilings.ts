import formbody from '@fastify/formbody';
import { Queue, Worker } from 'bullmq';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import twilio from 'twilio';
import { AUTH_TOKEN, PUBLIC_URL } from './load.js';

const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** The floor of any webhook handler here: parse the same form body, answer the same TwiML. */
export async function bareRoute(): Promise<CeilingRoute> {
  const app = Fastify();
  await app.register(formbody);
  app.post('/bot', async (_request, reply) => reply.type('text/xml').send(TWIML));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, close: () => app.close() };
}

export interface CeilingRoute {
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The least a correct ingress must do: check the signature and make one BullMQ add. */
export async function minimalRoute(redisUrl: string, prefix: string): Promise<CeilingRoute> {
  const connection = new Redis(redisUrl, { enableOfflineQueue: false });
  const queue = new Queue('ceiling', { connection, prefix });
  const app = Fastify();
  await app.register(formbody);
  app.post<{ Body: Record<string, string> }>('/bot', async (request, reply) => {
    const signature = String(request.headers['x-twilio-signature'] ?? '');
    if (!twilio.validateRequest(AUTH_TOKEN, signature, PUBLIC_URL + request.url, request.body))
      return reply.code(403).send();
    await queue.add('m', request.body, { jobId: request.body.MessageSid, removeOnComplete: true });
    return reply.type('text/xml').send(TWIML);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    async close() {
      await app.close();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    },
  };
}

/** Jobs per second a BullMQ worker completes with a processor that does nothing. */
export async function rawWorker(redisUrl: string, prefix: string, jobs: number): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('noop', { connection, prefix });
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - i) }, (_, j) => ({ name: 'n', data: { i: i + j } })),
    );
  }
  const started = performance.now();
  let done = 0;
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker('noop', async () => {}, {
      connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
      prefix,
      concurrency: 50,
    });
    worker.on('completed', () => {
      if (++done === jobs) void worker.close().then(() => resolve());
    });
  });
  await finished;
  const perSecond = jobs / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return perSecond;
}

/** Transactions per second of the quota's core: lock the learner, count the window, insert. */
export async function rawQuotaTransactions(
  db: Knex,
  seconds: number,
  concurrency = 20,
): Promise<{ perSecond: number; count: number }> {
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  let learner = 0;
  // Rounds share the database: each round's learners are new.
  const round = Date.now().toString(36);
  const loop = async () => {
    while (performance.now() < deadline) {
      const phone = `9${String(learner++).padStart(10, '0')}`;
      const now = new Date();
      await db.transaction(async (trx) => {
        await trx.raw(
          'INSERT INTO learners (phone, first_seen_at, last_seen_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE last_seen_at = VALUES(last_seen_at)',
          [phone, now, now],
        );
        await trx('interactions')
          .where({ phone, counted: true })
          .andWhere('created_at', '>', new Date(now.getTime() - 86_400_000))
          .count({ n: '*' });
        await trx('interactions').insert({
          inbound_sid: `bench-${round}-${phone}`,
          phone,
          keywords: 'python easy',
          command: 'challenge',
          outcome: 'challenge',
          counted: true,
          status: 'sent',
          reply: 'x',
          created_at: now,
          updated_at: now,
        });
      });
      count++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { perSecond: count / ((performance.now() - started) / 1000), count };
}
