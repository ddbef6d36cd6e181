import { handleMentorDeskJob, MENTOR_SWEEP, type MentorDeskDeps, type MentorDeskJob } from '@datadrill/core';
import { type JobAttempt, type Queues, startJobConsumer } from '@datadrill/ops';
import type { Worker } from 'bullmq';
import type { ConsumerContext } from './consumer-context.js';

/**
 * The mentor desk's queue, and its sweep (bumps and lost posts) scheduled once for all workers:
 * BullMQ's job scheduler keeps one repeating job however many processes upsert it.
 */
export async function startMentorDeskJobs(
  deps: MentorDeskDeps,
  queues: Queues,
  context: ConsumerContext,
): Promise<Worker> {
  const every = Math.max(1000, Math.min(60_000, Math.floor(deps.settings.bumpAfterMs / 2)));
  await queues.mentor.upsertJobScheduler(MENTOR_SWEEP.schedulerId, { every }, MENTOR_SWEEP.template);
  const handle = (job: MentorDeskJob, attempt: JobAttempt) => handleMentorDeskJob(deps, job, attempt);
  return startJobConsumer(
    'mentor',
    {
      'mentor.post-ticket': handle,
      'mentor.post-follow-up': handle,
      'mentor.attach-file': handle,
      'mentor.note': handle,
      'mentor.reply': handle,
      'mentor.close': handle,
      'mentor.sweep': handle,
    },
    context.queues,
    { ...context.options, concurrency: 10 },
  );
}
