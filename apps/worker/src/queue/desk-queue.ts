import {
  type DeskDeps,
  type DeskQueue,
  handleDeskJob,
  JOB_RETENTION,
  type MentorJob,
  mentorJobSchema,
  QueueName,
} from '@datadrill/core';
import type { Queue, Worker } from 'bullmq';
import type { RetryPolicy } from './outbound-queue.js';
import { type QueueWorkerOptions, startQueueWorker } from './queue-worker.js';

const SWEEP_SCHEDULER = 'mentor-desk-sweep';

/** Job ids that make a repeated post a no-op while the first is queued or kept. */
function jobId(job: MentorJob): string | undefined {
  if (job.kind === 'post-ticket') return `post-ticket-${job.ticketId}`;
  if (job.kind === 'post-follow-up') return `post-follow-up-${job.followUpId}`;
  return undefined;
}

export function createDeskQueue(queue: Queue<MentorJob>, retry: RetryPolicy): DeskQueue {
  return {
    async enqueue(job) {
      const id = jobId(job);
      await queue.add(job.kind, job, {
        ...(id ? { jobId: id } : {}),
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
        ...JOB_RETENTION,
      });
    },
  };
}

/**
 * Runs the desk's jobs, and schedules its sweep (bumps and lost posts) once for all workers:
 * BullMQ's job scheduler keeps one repeating job however many processes upsert it.
 */
export async function startDeskWorker(
  deps: DeskDeps,
  queue: Queue<MentorJob>,
  options: QueueWorkerOptions,
): Promise<Worker> {
  const every = Math.max(1000, Math.min(60_000, Math.floor(deps.settings.bumpAfterMs / 2)));
  await queue.upsertJobScheduler(
    SWEEP_SCHEDULER,
    { every },
    { name: 'sweep', data: { kind: 'sweep' }, opts: { removeOnComplete: 100, removeOnFail: 1000 } },
  );
  return startQueueWorker(
    QueueName.mentor,
    mentorJobSchema,
    (job, attempt) => handleDeskJob(deps, job, attempt),
    options,
  );
}
