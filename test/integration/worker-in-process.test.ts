import { randomBytes } from 'node:crypto';
import { createLogger } from '@datadrill/core';
import { FakeTwilio } from '@datadrill/fake-twilio';
import { createJobProducer, openQueues } from '@datadrill/ops';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, type WorkerApp } from '../../apps/worker/src/build-worker.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER } from '../support/bot-stack.js';
import { inProcessWorkerEnv } from '../support/in-process-worker.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTestQueue, TEST_REDIS_URL, type TestQueue } from '../support/test-queue.js';
import { waitFor } from '../support/wait-for.js';

/** The worker built in this process by `buildWorker(env)`, against real MariaDB and Redis. */
describe('a worker started in-process', () => {
  let database: TestDatabase;
  let queue: TestQueue;
  let twilio: FakeTwilio;
  let worker: WorkerApp;
  let healthUrl: string | undefined;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });

  beforeAll(async () => {
    [database, twilio] = await Promise.all([
      createTestDatabase('in-process'),
      new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start(),
    ]);
    queue = createTestQueue('in-process');
    const env = inProcessWorkerEnv(database, queue, twilio, {
      WORKER_HEALTH_PORT: '0',
      WORKER_HEALTH_HOST: '127.0.0.1',
    });
    worker = buildWorker(env, createLogger({ name: 'worker', level: 'silent' }));
    ({ healthUrl } = await worker.start());
  });
  afterAll(async () => {
    await worker?.stop();
    redis.disconnect();
    await Promise.all([queue?.drop(), database?.drop(), twilio?.close()]);
  });

  it('answers queued messages in four MySQL round trips each: two to decide, two to deliver', async () => {
    const queues = openQueues({ connection: redis, prefix: queue.prefix }, () => {});
    const producer = createJobProducer(queues, { attempts: 3, backoffMs: 100 });
    const roundTrips = async () =>
      Number(/datadrill_mysql_round_trips_total (\d+)/.exec(await (await fetch(`${healthUrl}/metrics`)).text())?.[1]);
    const ask = async (from: string, body: string) => {
      await producer.add('inbound.message', {
        messageSid: `SM${randomBytes(16).toString('hex')}`,
        accountSid: ACCOUNT_SID,
        from,
        to: BOT_NUMBER,
        body,
        receivedAt: new Date().toISOString(),
      });
      const [reply] = await waitFor('the reply', () => twilio.sentTo(from).length > 0 && twilio.sentTo(from));
      const phone = from.replace(/\D/g, '');
      await waitFor('the interaction to be settled', async () => {
        const row = await database.db('interactions').where({ phone }).first();
        return row?.status === 'sent' && row;
      });
      return reply;
    };
    // The first message also reads the library's topic list, cached for 30 s.
    expect((await ask('whatsapp:+27825557001', 'help'))?.body).toContain('DataDrill');
    let before = await roundTrips();
    expect((await ask('whatsapp:+27825557002', 'sql easy'))?.body).toMatch(/\[sql-easy-\d{3}\]/);
    expect((await roundTrips()) - before).toBe(4);
    before = await roundTrips();
    expect((await ask('whatsapp:+27825557003', 'help'))?.body).toContain('DataDrill');
    expect((await roundTrips()) - before).toBe(4);
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });
});
