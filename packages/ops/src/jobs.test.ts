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
      /no handler for mentor\.post-ticket, mentor\.post-follow-up, mentor\.attach-file, mentor\.reply, mentor\.close, mentor\.sweep on the mentor queue/,
    );
  });

  it('runs what the producer queued once per job id, and fails for good a job the catalog does not know', async () => {
    const queues = openQueues({ connection, prefix }, () => {});
    const producer = createJobProducer(queues, { attempts: 3, backoffMs: 10 });
    const seen: number[] = [];
    const worker = startJobConsumer(
      'outbound',
      { 'outbound.send': async (job) => void seen.push(job.outboundId), 'outbound.sweep': async () => {} },
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

  it('puts a job that meets an outage back without spending an attempt, and fails a poison job after its attempts', async () => {
    const queues = openQueues({ connection, prefix: `${prefix}-outage` }, () => {});
    const producer = createJobProducer(queues, { attempts: 2, backoffMs: 10 });
    let outageRuns = 0;
    let poisonRuns = 0;
    const outages: string[] = [];
    const worker = startJobConsumer(
      'outbound',
      {
        'outbound.send': async (job) => {
          if (job.outboundId === 2) {
            poisonRuns++;
            throw new Error('a bug');
          }
          // MySQL is down for the first five runs: more than the job's two attempts.
          if (++outageRuns <= 5) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        },
        'outbound.sweep': async () => {},
      },
      { connection, prefix: `${prefix}-outage` },
      {
        ...options,
        outageOf: (error) => ((error as { code?: string }).code === 'ECONNREFUSED' ? 'mysql' : undefined),
        maxOutagePauseMs: 100,
        onOutage: (_queue, outage) => void outages.push(outage),
      },
    );
    await producer.add('outbound.send', { outboundId: 1 });
    await producer.add('outbound.send', { outboundId: 2 });
    const job = await waitForState(queues.outbound, 'outbound-1', 'completed');
    expect(outageRuns).toBe(6);
    expect(outages).toEqual(['mysql', 'mysql', 'mysql', 'mysql', 'mysql']);
    expect(job.attemptsMade).toBeLessThan(2);
    await waitForState(queues.outbound, 'outbound-2', 'failed');
    expect(poisonRuns).toBe(2);
    await worker.close();
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
  });

  it('adds a finished job again on request, and leaves one still waiting alone', async () => {
    const queues = openQueues({ connection, prefix: `${prefix}-readd` }, () => {});
    const producer = createJobProducer(queues, { attempts: 1, backoffMs: 10 });
    await producer.add('outbound.send', { outboundId: 5 });
    expect(await producer.readd('outbound.send', { outboundId: 5 })).toBe(false);
    expect(await queues.outbound.getWaitingCount()).toBe(1);
    const worker = startJobConsumer(
      'outbound',
      { 'outbound.send': async () => {}, 'outbound.sweep': async () => {} },
      { connection, prefix: `${prefix}-readd` },
      options,
    );
    await waitForState(queues.outbound, 'outbound-5', 'completed');
    await worker.close();
    expect(await producer.readd('outbound.send', { outboundId: 5 })).toBe(true);
    expect(await (await queues.outbound.getJob('outbound-5'))?.getState()).toBe('waiting');
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
  });
});

async function waitForState(queue: Queue, id: string, state: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const job = await queue.getJob(id);
    if (job && (await job.getState()) === state) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} never reached ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
