import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createJobProducer, openQueues, type QueueHandlers, startJobConsumer } from './jobs.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const prefix = `dd-test-ops-jobs-${randomBytes(4).toString('hex')}`;
const log = { warn: () => {}, error: () => {} };
const options = { log, observe: () => {} };

afterAll(async () => {
  for await (const keys of connection.scanStream({ match: `${prefix}:*`, count: 500 })) {
    if ((keys as string[]).length > 0) await connection.unlink(...(keys as string[]));
  }
  await connection.quit();
});

describe('the job consumer', () => {
  it('refuses to start when a job of its queue has no handler', () => {
    const handlers = { 'mentor.note': async () => {} } as unknown as QueueHandlers<'mentor'>;
    expect(() => startJobConsumer('mentor', handlers, { connection, prefix }, options)).toThrow(
      /no handler for mentor\.post-ticket, mentor\.post-follow-up, mentor\.reply, mentor\.close, mentor\.sweep on the mentor queue/,
    );
  });

  it('runs what the producer queued once per job id, and fails for good a job the catalog does not know', async () => {
    const queues = openQueues({ connection, prefix }, () => {});
    const producer = createJobProducer(queues, { attempts: 3, backoffMs: 10 });
    const seen: number[] = [];
    const worker = startJobConsumer(
      'outbound',
      { 'outbound.send': async (job) => void seen.push(job.outboundId) },
      { connection, prefix },
      options,
    );
    await producer.addMany('outbound.send', [{ outboundId: 1 }, { outboundId: 2 }]);
    await producer.add('outbound.send', { outboundId: 1 });
    const foreign = new Queue('outbound', { connection, prefix });
    const stranger = await foreign.add('mystery', { outboundId: 3 });
    const deadline = Date.now() + 10_000;
    while (!(await stranger.isFailed()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await queues.outbound.getJob(stranger.id ?? ''))?.failedReason).toMatch(/unknown outbound job "mystery"/);
    expect(seen.sort()).toEqual([1, 2]);
    await worker.close();
    await Promise.all([foreign, ...Object.values(queues)].map((queue) => queue.close()));
  });
});
