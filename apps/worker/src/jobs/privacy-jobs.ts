import { type ErasureDeps, eraseLearner, PRIVACY_SWEEP } from '@datadrill/core';
import { type Queues, startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { Knex } from 'knex';
import { forgetExpiredQuotaKeys } from '../repositories/privacy-repository.js';
import type { ConsumerContext } from './consumer-context.js';

/** Learners' erasures, once each confirmation is sent, and the sweep of expired daily-limit hashes. */
export async function startPrivacyJobs(
  deps: ErasureDeps,
  db: Knex,
  queues: Queues,
  context: ConsumerContext,
): Promise<Worker> {
  await queues.privacy.upsertJobScheduler(
    PRIVACY_SWEEP.schedulerId,
    { every: PRIVACY_SWEEP.every },
    PRIVACY_SWEEP.template,
  );
  return startJobConsumer(
    'privacy',
    {
      'privacy.erase': (job) => eraseLearner(deps, job.phone, { waitForUnsent: true }),
      'privacy.sweep': () => forgetExpiredQuotaKeys(db, deps.now()),
    },
    context.queues,
    { ...context.options, concurrency: 2 },
  );
}
