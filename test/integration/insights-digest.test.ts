import { createLogger, type MentorChannel } from '@datadrill/core';
import { openQueues } from '@datadrill/ops';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerContext } from '../../apps/worker/src/jobs/consumer-context.js';
import { type InsightsJobDeps, postWeeklyDigest, startInsightsJobs } from '../../apps/worker/src/jobs/insights-jobs.js';
import { NOW, seedInsightsFixture } from '../support/insights-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTestQueue, TEST_REDIS_URL, type TestQueue } from '../support/test-queue.js';

describe('the weekly digest to the mentors’ channel', () => {
  let database: TestDatabase;
  let queue: TestQueue;
  const posts: string[] = [];
  const channel = {
    post: async (text: string) => {
      posts.push(text);
      return { ts: '1.1' };
    },
  } as unknown as MentorChannel;
  const deps = (): InsightsJobDeps => ({
    db: database.db,
    channel,
    schoolTimeZone: 'Africa/Johannesburg',
    digestCron: '0 8 * * 1',
    dashboardUrl: 'https://insights.school.example',
    now: () => NOW,
    log: createLogger({ name: 'worker', level: 'silent' }),
  });

  beforeAll(async () => {
    database = await createTestDatabase('insights_digest');
    await seedInsightsFixture(database.db);
    queue = createTestQueue('insights-digest');
  });
  afterAll(async () => {
    await queue?.drop();
    await database?.drop();
  });

  it('posts the week before Monday: stuck learners masked, hardest and flagged challenges, requests, the desk', async () => {
    const text = await postWeeklyDigest(deps(), channel, new Date('2026-03-16T06:00:00Z'));
    expect(posts).toEqual([text]);
    expect(text).toContain('*Weekly digest* 2026-03-09 – 2026-03-15');
    // D missed 3 sql challenges in a row that week; numbers are masked in the channel.
    expect(text).toContain('*Stuck learners:* 1\n• 27*****0004: 3 sql challenges missed in a row');
    expect(text).not.toMatch(/2782000000\d/);
    expect(text).toContain('• none tried often enough to tell yet');
    expect(text).toContain('*Flagged challenges:* 0');
    expect(text).toContain('• python easy: 2');
    expect(text).toContain('*Mentor desk:* 2 open tickets; median wait for a first answer no answers this week');
    expect(text).toContain('<https://insights.school.example|Open the dashboard>');
  });

  it('is a job scheduler at DIGEST_CRON in the school zone, beside the 5-minute roll-up', async () => {
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queues = openQueues({ connection, prefix: queue.prefix }, () => {});
    const log = createLogger({ name: 'worker', level: 'silent' });
    const context = {
      queues: { connection, prefix: queue.prefix },
      options: { log, observe: () => {} },
    } as unknown as ConsumerContext;
    const worker = await startInsightsJobs(deps(), queues, context);
    try {
      const digest = await queues.insights.getJobScheduler('insights-weekly-digest');
      expect(digest).toMatchObject({ pattern: '0 8 * * 1', tz: 'Africa/Johannesburg', name: 'digest' });
      expect(await queues.insights.getJobScheduler('insights-rollup')).toMatchObject({
        every: 300_000,
        name: 'rollup',
      });
    } finally {
      await worker.close();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await connection.quit();
    }
  });
});
