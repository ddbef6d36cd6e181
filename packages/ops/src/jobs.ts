import {
  bullName,
  catalogName,
  JOBS,
  type JobData,
  type JobDefinition,
  type JobName,
  jobOptions,
  jobsOf,
  QueueName,
  type RetrySettings,
} from '@datadrill/core';
import { type Job, Queue, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Where queues live: one connection and the deployment's key prefix. */
export interface QueueSettings {
  connection: Redis;
  prefix: string;
}

export type Queues = Record<QueueName, Queue>;

/** Every queue of the catalog on one connection, each with an error listener (BullMQ requires one). */
export function openQueues(settings: QueueSettings, onError: (queue: string, error: Error) => void): Queues {
  const entries = Object.values(QueueName).map((name) => {
    const queue = new Queue(name, settings);
    queue.on('error', (error) => onError(name, error));
    return [name, queue] as const;
  });
  return Object.fromEntries(entries) as Queues;
}

/** Adds jobs of the catalog: the job id, attempts, backoff and retention all come from it. */
export interface JobProducer {
  add<N extends JobName>(name: N, data: JobData<N>): Promise<void>;
  addMany<N extends JobName>(name: N, data: readonly JobData<N>[]): Promise<void>;
}

export function createJobProducer(queues: Queues, retry: RetrySettings): JobProducer {
  const queueOf = (name: JobName) => queues[(JOBS[name] as JobDefinition).queue];
  return {
    async add(name, data) {
      await queueOf(name).add(bullName(name), data, jobOptions(name, data, retry));
    },
    async addMany(name, data) {
      // A single add is one script call; addBulk builds a MULTI (an ioredis Pipeline) for any number.
      const [only] = data;
      if (data.length === 1 && only !== undefined) return this.add(name, only);
      if (data.length === 0) return;
      await queueOf(name).addBulk(
        data.map((item) => ({ name: bullName(name), data: item, opts: jobOptions(name, item, retry) })),
      );
    },
  };
}

export interface JobAttempt {
  /** Whether the queue will run this job again if it throws. */
  final: boolean;
  /** How many times the queue has started this job, this run included (a run whose process died counts). */
  started: number;
}

export type JobHandler<N extends JobName> = (data: JobData<N>, attempt: JobAttempt) => Promise<void>;

/** A handler for every job of queue `Q`: the type, and start-up, refuse a consumer that misses one. */
export type QueueHandlers<Q extends QueueName> = {
  [N in JobName as (typeof JOBS)[N]['queue'] extends Q ? N : never]: JobHandler<N>;
};

/** Sees every run of a job: how long it took and how it ended (metrics). */
export type JobObserver = (queue: QueueName, outcome: 'completed' | 'retry' | 'failed', seconds: number) => void;

export interface ConsumerLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export type ConsumerOptions = Omit<WorkerOptions, 'connection' | 'prefix'> & { log: ConsumerLog; observe: JobObserver };

/**
 * One way to consume every queue: the job name is looked up in the catalog, the payload parsed again
 * (a foreign or stale job fails for good with its reason), each run observed by outcome, and failures
 * logged without the payload. Throws at start-up when the catalog has a job on `queue` with no handler.
 */
export function startJobConsumer<Q extends QueueName>(
  queue: Q,
  handlers: QueueHandlers<Q>,
  settings: QueueSettings,
  options: ConsumerOptions,
): Worker {
  const byName = handlers as unknown as Partial<Record<JobName, JobHandler<JobName>>>;
  const missing = jobsOf(queue).filter((name) => !byName[name]);
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(', ')} on the ${queue} queue`);
  const { log, observe, ...workerOptions } = options;
  const worker = new Worker(
    queue,
    async (job: Job) => {
      const started = performance.now();
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        const name = catalogName(queue, job.name);
        const handle = name && byName[name];
        if (!name || !handle) throw new UnrecoverableError(`unknown ${queue} job "${job.name}"`);
        const parsed = JOBS[name].schema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`invalid ${queue} job: ${parsed.error.issues[0]?.message}`);
        await handle(parsed.data as JobData<JobName>, { final, started: job.attemptsStarted });
        observe(queue, 'completed', (performance.now() - started) / 1000);
      } catch (error) {
        const outcome = final || error instanceof UnrecoverableError ? 'failed' : 'retry';
        observe(queue, outcome, (performance.now() - started) / 1000);
        throw error;
      }
    },
    { ...workerOptions, connection: settings.connection, prefix: settings.prefix },
  );
  worker.on('failed', (job, error) =>
    log.warn({ queue, jobId: job?.id, attemptsMade: job?.attemptsMade, reason: error.message }, 'job failed'),
  );
  worker.on('error', (error) => log.error({ queue, reason: error.message }, 'queue worker error'));
  return worker;
}
