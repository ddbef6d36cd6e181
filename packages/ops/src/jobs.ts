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
import { queuePrefix, type RedisConnection } from './redis-connection.js';

/** Where queues live: one connection (a Redis or a cluster) and the deployment's key prefix. */
export interface QueueSettings {
  connection: RedisConnection;
  prefix: string;
}

/** BullMQ's options for queue `name`: on a cluster its prefix carries the queue's hash tag. */
export function queueOptions(settings: QueueSettings, name: string): { connection: RedisConnection; prefix: string } {
  return { connection: settings.connection, prefix: queuePrefix(settings.connection, settings.prefix, name) };
}

export type Queues = Record<QueueName, Queue>;

/** Every queue of the catalog on one connection, each with an error listener (BullMQ requires one). */
export function openQueues(settings: QueueSettings, onError: (queue: string, error: Error) => void): Queues {
  const entries = Object.values(QueueName).map((name) => {
    const queue = new Queue(name, queueOptions(settings, name));
    queue.on('error', (error) => onError(name, error));
    return [name, queue] as const;
  });
  return Object.fromEntries(entries) as Queues;
}

/** Adds jobs of the catalog: the job id, attempts, backoff and retention all come from it. */
export interface JobProducer {
  /** Adds a job of the catalog; `delayMs` runs it that much later. */
  add<N extends JobName>(name: N, data: JobData<N>, options?: { delayMs?: number }): Promise<void>;
  addMany<N extends JobName>(name: N, data: readonly JobData<N>[]): Promise<void>;
  /**
   * Adds the job again though a finished (completed or failed) one with its id is still kept; a job
   * still waiting, delayed or running is left alone. False when it was left alone.
   */
  readd<N extends JobName>(name: N, data: JobData<N>): Promise<boolean>;
}

/** States of a job that will still run: re-adding it would only make a second copy. */
const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

export function createJobProducer(queues: Queues, retry: RetrySettings): JobProducer {
  const queueOf = (name: JobName) => queues[(JOBS[name] as JobDefinition).queue];
  return {
    async add(name, data, options = {}) {
      const delay = options.delayMs && options.delayMs > 0 ? { delay: Math.round(options.delayMs) } : {};
      await queueOf(name).add(bullName(name), data, { ...jobOptions(name, data, retry), ...delay });
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
    async readd(name, data) {
      const queue = queueOf(name);
      const opts = jobOptions(name, data, retry);
      const kept = opts.jobId ? await queue.getJob(opts.jobId) : undefined;
      if (kept) {
        if (LIVE_STATES.has(await kept.getState())) return false;
        await kept.remove();
      }
      await queue.add(bullName(name), data, opts);
      return true;
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

/** How a run of a job ended: `waiting` went back to the queue to wait out an outage, spending no attempt. */
export type JobOutcome = 'completed' | 'retry' | 'failed' | 'waiting';

/** Sees every run of a job: how long it took and how it ended (metrics). */
export type JobObserver = (queue: QueueName, outcome: JobOutcome, seconds: number) => void;

/**
 * Names the outage an error comes from (`mysql`, `twilio`, `slack`, `redis`), or undefined for an
 * error of the job itself (bad data, a bug), which spends one of its few attempts.
 */
export type OutageClassifier = (error: unknown) => string | undefined;

export interface ConsumerLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export type ConsumerOptions = Omit<WorkerOptions, 'connection' | 'prefix'> & {
  log: ConsumerLog;
  observe: JobObserver;
  outageOf?: OutageClassifier | undefined;
  /** The longest pause between two tries while an outage lasts. */
  maxOutagePauseMs?: number | undefined;
  /** Sees each pause: which queue, which outage (metrics and alerts). */
  onOutage?: ((queue: QueueName, outage: string) => void) | undefined;
};

/** Pauses double from this while an outage lasts, up to the consumer's maximum. */
const FIRST_OUTAGE_PAUSE_MS = 500;
/**
 * BullMQ applies a manual rate limit (our outage pause) to every worker of the queue only when the
 * queue has a limiter; this one never limits anything else.
 */
const UNLIMITED = { max: 1_000_000_000, duration: 1000 };

/**
 * One way to consume every queue: the job name is looked up in the catalog, the payload parsed again
 * (a foreign or stale job fails for good with its reason), each run observed by outcome, and failures
 * logged without the payload. Throws at start-up when the catalog has a job on `queue` with no handler.
 *
 * A job that meets an outage (MySQL, Redis, Twilio or Slack unavailable) does not spend an attempt:
 * the queue's fetching pauses for every worker (BullMQ's manual rate limit), the job goes back to
 * wait, and the pause doubles while the outage lasts, so work waits out outages of any length.
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
  const { log, observe, outageOf = () => undefined, maxOutagePauseMs = 30_000, onOutage, ...workerOptions } = options;
  const pauser = new Queue(queue, queueOptions(settings, queue));
  pauser.on('error', (error) => log.error({ queue, reason: error.message }, 'queue error'));
  const pauses = outagePauses(pauser, maxOutagePauseMs);
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
        pauses.recovered();
        observe(queue, 'completed', (performance.now() - started) / 1000);
      } catch (error) {
        const outage = error instanceof UnrecoverableError ? undefined : outageOf(error);
        if (outage) {
          const pause = await pauses.pause().catch(() => undefined);
          observe(queue, 'waiting', (performance.now() - started) / 1000);
          onOutage?.(queue, outage);
          if (pause?.first) {
            log.warn({ queue, outage, reason: (error as Error).message }, 'outage: pausing this queue until it ends');
          }
          // Back to wait with its attempts untouched; without a pause (Redis down too) the job's
          // lock expires and the stall check hands it back the same way.
          if (pause) throw Worker.RateLimitError();
        }
        const outcome = final || error instanceof UnrecoverableError ? 'failed' : 'retry';
        observe(queue, outcome, (performance.now() - started) / 1000);
        throw error;
      }
    },
    { limiter: UNLIMITED, ...workerOptions, ...queueOptions(settings, queue) },
  );
  worker.on('failed', (job, error) => {
    log.warn({ queue, jobId: job?.id, attemptsMade: job?.attemptsMade, reason: error.message }, 'job failed');
    if (job && job.finishedOn !== undefined) void redactFailed(queue, job);
  });
  worker.on('error', (error) => log.error({ queue, reason: error.message }, 'queue worker error'));
  worker.on('closed', () => void pauser.close().catch(() => {}));
  return worker;
}

/**
 * The queue-wide pause for an outage: doubling while it lasts (once per pause: the many jobs that
 * fail together during one pause do not double it each), reset by the first job that succeeds.
 */
function outagePauses(queue: Queue, maxMs: number) {
  let streak = 0;
  let until = 0;
  return {
    async pause(): Promise<{ first: boolean; ms: number }> {
      const now = Date.now();
      if (now < until) {
        await queue.rateLimit(until - now);
        return { first: false, ms: until - now };
      }
      const ms = Math.min(maxMs, FIRST_OUTAGE_PAUSE_MS * 2 ** Math.min(streak, 20));
      streak++;
      until = now + ms;
      await queue.rateLimit(ms);
      return { first: streak === 1, ms };
    },
    recovered() {
      streak = 0;
      until = 0;
    },
  };
}

/** A job failed for good keeps its reason and ids, not the learner's words (MySQL has those). */
async function redactFailed(queue: QueueName, job: Job): Promise<void> {
  const name = catalogName(queue, job.name);
  const redact = name && (JOBS[name] as JobDefinition).redact;
  if (redact) await job.updateData(redact(job.data)).catch(() => {});
}
