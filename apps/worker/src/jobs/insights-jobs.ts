import {
  INSIGHTS_ROLLUP,
  type Logger,
  type MentorChannel,
  WEEKLY_DIGEST,
  weekBefore,
  weeklyDigestText,
} from '@datadrill/core';
import { weeklyDigestFigures } from '@datadrill/figures';
import { type Queues, startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { Knex } from 'knex';
import { rollUpInsights } from '../repositories/insights-rollup.js';
import type { ConsumerContext } from './consumer-context.js';

export interface InsightsJobDeps {
  db: Knex;
  /** The mentors' channel; without it there is no digest (and no digest scheduler). */
  channel: MentorChannel | undefined;
  schoolTimeZone: string;
  digestCron: string;
  dashboardUrl: string | undefined;
  now: () => Date;
  log: Logger;
}

/** Posts the week before `at` to the mentors' channel. */
export async function postWeeklyDigest(deps: InsightsJobDeps, channel: MentorChannel, at: Date): Promise<string> {
  const figures = await weeklyDigestFigures(deps.db, { ...weekBefore(at, deps.schoolTimeZone), now: at });
  const text = weeklyDigestText({ ...figures, dashboardUrl: deps.dashboardUrl });
  await channel.post(text);
  return text;
}

/**
 * The school's figures: the daily summaries rolled up every 5 minutes, and the weekly digest at
 * DIGEST_CRON in the school's zone (when the mentors' channel is configured). Both are BullMQ job
 * schedulers, kept in Redis and run once however many workers there are.
 */
export async function startInsightsJobs(
  deps: InsightsJobDeps,
  queues: Queues,
  context: ConsumerContext,
): Promise<Worker> {
  await queues.insights.upsertJobScheduler(
    INSIGHTS_ROLLUP.schedulerId,
    { every: INSIGHTS_ROLLUP.every },
    INSIGHTS_ROLLUP.template,
  );
  if (deps.channel) {
    await queues.insights.upsertJobScheduler(
      WEEKLY_DIGEST.schedulerId,
      { pattern: deps.digestCron, tz: deps.schoolTimeZone },
      WEEKLY_DIGEST.template,
    );
  } else {
    await queues.insights.removeJobScheduler(WEEKLY_DIGEST.schedulerId);
  }
  return startJobConsumer(
    'insights',
    {
      'insights.rollup': async () => {
        await rollUpInsights(deps.db, { zone: deps.schoolTimeZone, now: deps.now() });
      },
      'insights.digest': async (job) => {
        if (!deps.channel) return deps.log.info('no mentors’ channel configured: weekly digest skipped');
        await postWeeklyDigest(deps, deps.channel, job.weekEnding ? new Date(job.weekEnding) : deps.now());
      },
    },
    context.queues,
    { ...context.options, concurrency: 1 },
  );
}
