import { z } from 'zod';
import { DIFFICULTIES, TOPICS } from '../learning/catalog.js';
import { OUTCOMES } from '../learning/interaction.js';
import { interactiveSchema } from '../whatsapp/interactive.js';

/**
 * The one job catalog: every queue, every job name on it, its payload schema, how its job id is
 * derived and how it is retried and kept. Producers and consumers are built from it; nothing else
 * writes a job id or a backoff option.
 *
 * Queue and job names are persisted in Redis: renaming one strands the jobs waiting under it.
 */
export const QueueName = {
  inbound: 'inbound',
  /** Every message the bot sends, rate-limited across all workers to the sender's Twilio MPS. */
  outbound: 'outbound',
  /** Twilio's status callbacks: what became of each message after Twilio accepted it. */
  status: 'status',
  /** The mentor desk: posts to Slack, mentors' replies and closes from Slack, the periodic sweep. */
  mentor: 'mentor',
  /** Learners' rights: erasing a learner (Twilio, Slack, then MySQL). */
  privacy: 'privacy',
  /** Daily challenges (one job scheduler per learner) and streak reminders. */
  daily: 'daily',
  /** The school's figures: the dashboard's daily summaries, and the weekly digest to the mentors' channel. */
  insights: 'insights',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** WhatsApp allows longer texts than we keep: the log stores the first 4096 characters (code points). */
export const MAX_KEYWORDS_LENGTH = 4096;

const keepHead = (text: string) =>
  text.length <= MAX_KEYWORDS_LENGTH ? text : Array.from(text).slice(0, MAX_KEYWORDS_LENGTH).join('');

const messageSid = z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'a Twilio message SID');

/** An inbound WhatsApp message as the ingress accepted it from Twilio's webhook. */
export const inboundMessageSchema = z.object({
  messageSid,
  accountSid: z.string().min(1),
  from: z.string().min(1).max(64),
  to: z.string().max(64).default(''),
  body: z.string().default('').transform(keepHead),
  profileName: z.string().max(256).optional(),
  receivedAt: z.iso.datetime(),
  /** The sender just went over the ingress's flood limit: answer with a notice, not the command. */
  flooded: z.boolean().optional(),
  /** What came besides text: media (their content types), a location, a contact card, a sticker, a reaction. */
  attachment: z
    .enum(['image', 'audio', 'video', 'document', 'location', 'contact', 'sticker', 'reaction', 'other'])
    .optional(),
  /** Twilio's Advanced Opt-Out recognised a keyword and already answered it (STOP, START, HELP). */
  optOutType: z.enum(['STOP', 'START', 'HELP']).optional(),
  /** The message this one replies to (WhatsApp's quoted reply, Twilio's OriginalRepliedMessageSid). */
  repliedTo: messageSid.optional(),
  /** A tap on a button (ButtonPayload, ButtonText) or a list row (ListId, ListTitle) of a message we sent. */
  tap: z
    .object({
      payload: z.string().min(1).max(256),
      text: z.string().max(256).default(''),
      via: z.enum(['button', 'list']),
    })
    .optional(),
  /** The files the message carried (MediaUrlN, MediaContentTypeN): kept at Twilio until we delete them. */
  media: z
    .array(z.object({ url: z.url({ protocol: /^https?$/ }), contentType: z.string().max(128) }))
    .max(10)
    .optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

const rowId = z.number().int().positive();

/**
 * What sending a reply's message needs, carried by its job so the claim before the Twilio call is
 * one UPDATE and reads nothing. Written with the row, from the same plan, and never changed after.
 */
export const outboundMessageSchema = z.object({
  interactionId: rowId.nullable(),
  /** The interaction's outcome: it decides the interaction's delivered status. */
  outcome: z.enum(OUTCOMES).nullable(),
  answerId: rowId.nullable(),
  to: z.string().min(1),
  /** The bot's sender the learner wrote to, the reply goes from it; null: the default sender. */
  from: z.string().max(64).nullable().default(null),
  body: z.string(),
  contentSid: z.string().nullable(),
  /** Buttons or a list drawn under the body (sent through a Content API template when one is available). */
  actions: interactiveSchema.nullable().default(null),
  /** A file sent with the body (a mentor's image or PDF), at a URL Twilio can fetch. */
  mediaUrl: z.url().nullable().default(null),
  challenge: z.object({ topic: z.enum(TOPICS), difficulty: z.enum(DIFFICULTIES) }).nullable(),
  sole: z.boolean(),
});
export type OutboundMessageData = z.infer<typeof outboundMessageSchema>;

const outboundStep = z.object({ outboundId: rowId, message: outboundMessageSchema.optional() });
/**
 * An outbound job: the id of its `outbound_messages` row and, for a reply's message, what it sends;
 * `later`: the reply's later messages, queued one by one as each before them is settled, so the
 * learner reads a reply's parts in order.
 */
export const outboundJobSchema = outboundStep.extend({ later: z.array(outboundStep).max(50).optional() });
export type OutboundJob = z.infer<typeof outboundJobSchema>;

/** A learner's scheduled send: their daily challenge, or a streak reminder. */
export const dailySendSchema = z.object({
  phone: z.string().regex(/^\d{6,15}$/),
  kind: z.enum(['daily', 'remind']),
  /** A reminder's local day: one per learner and day. */
  day: z.string().optional(),
  /** An opaque reference to the learner for job ids (a keyed hash): ids show on the dashboard. */
  ref: z.string().max(64).optional(),
});
export type DailySendJob = z.infer<typeof dailySendSchema>;

/** A Twilio status callback, as the ingress accepted it. */
export const deliveryReportSchema = z.object({
  messageSid,
  status: z.enum([
    'accepted',
    'scheduled',
    'queued',
    'sending',
    'sent',
    'delivered',
    'read',
    'undelivered',
    'failed',
    'canceled',
    'receiving',
    'received',
  ]),
  errorCode: z.coerce.number().int().optional(),
});
export type DeliveryReport = z.infer<typeof deliveryReportSchema>;

/** A look at Twilio's Message resource for its price, the `check`-th (see delivery/message-price.ts). */
export const priceCheckSchema = z.object({ messageSid, check: z.number().int().min(1).max(20) });
export type PriceCheckJob = z.infer<typeof priceCheckSchema>;

const slackTs = z.string().regex(/^\d+\.\d+$/, 'a Slack message ts');
const slackEventId = z.string().min(1).max(64);
const id = z.number().int().positive();

/**
 * Work for the mentor desk. `reply` and `close` come from Slack's Events API through the ingress
 * (with Slack's event id, so a retried event is queued once); the rest are queued by workers.
 */
export const mentorDeskJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('post-ticket'), ticketId: id }),
  z.object({ kind: z.literal('post-follow-up'), followUpId: id }),
  /** A learner's file for a ticket's thread (its `ticket_files` row), once the thread holds its post. */
  z.object({ kind: z.literal('attach-file'), fileId: id }),
  z.object({ kind: z.literal('note'), ticketId: id, text: z.string().min(1).max(3000) }),
  z.object({
    kind: z.literal('reply'),
    /** Slack's event id (its job id); optional, so a job an older ingress queued still runs. */
    eventId: slackEventId.optional(),
    channel: z.string().min(1).max(32),
    threadTs: slackTs,
    ts: slackTs,
    user: z.string().min(1).max(32),
    /** The name Slack put on the event, for when users.info cannot say. */
    userName: z.string().max(120).optional(),
    text: z.string().max(40_000),
    /** Files the mentor shared with the reply (Slack's `file_share`); the text may then be empty. */
    files: z
      .array(
        z.object({
          id: z.string().regex(/^F[A-Z0-9]{6,20}$/, 'a Slack file id'),
          name: z.string().max(255).default(''),
          mimetype: z.string().max(128).default(''),
          size: z.number().int().nonnegative().optional(),
        }),
      )
      .max(10)
      .optional(),
  }),
  z.object({
    kind: z.literal('close'),
    eventId: slackEventId.optional(),
    channel: z.string().min(1).max(32),
    ts: slackTs,
    user: z.string().max(32),
    userName: z.string().max(120).optional(),
  }),
  z.object({ kind: z.literal('sweep') }),
]);
export type MentorDeskJob = z.infer<typeof mentorDeskJobSchema>;
export type MentorDeskJobKind = MentorDeskJob['kind'];

/**
 * How long jobs stay in Redis. A job id only deduplicates while the job is still there, so
 * completed jobs are kept for a day rather than removed at once; failed ones are kept as evidence.
 */
export const JOB_RETENTION = {
  removeOnComplete: { age: 24 * 60 * 60, count: 200_000 },
  removeOnFail: { age: 14 * 24 * 60 * 60 },
} as const;

/**
 * Jobs that carry a learner's words: kept only as long as deduplication needs (Twilio retries a
 * webhook within seconds; MySQL's unique MessageSid catches anything later). A failed one is kept
 * as evidence, its text removed (see `redact`).
 */
export const PERSONAL_RETENTION = {
  removeOnComplete: { age: 15 * 60, count: 200_000 },
  removeOnFail: { age: 14 * 24 * 60 * 60 },
} as const;

/** An erasure job holds a number: gone once done; kept when it failed, for an operator to run again. */
const ERASURE_RETENTION = { removeOnComplete: true, removeOnFail: { age: 14 * 24 * 60 * 60 } } as const;

/** A repeating job's own runs: a few for the dashboard, no deduplication to protect. */
const SCHEDULED_RETENTION = { removeOnComplete: 100, removeOnFail: 1000 } as const;

/** How a job is retried: `standard` uses the deployment's JOB_ATTEMPTS and JOB_BACKOFF_MS, with jitter. */
export type RetryKind = 'standard';

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  queue: QueueName;
  schema: S;
  /** The id that makes a repeat of the same work a no-op while the first is queued or kept; none for work that may repeat. */
  jobId: (data: z.output<S>) => string | undefined;
  retry: RetryKind;
  retention: typeof JOB_RETENTION | typeof PERSONAL_RETENTION | typeof SCHEDULED_RETENTION | typeof ERASURE_RETENTION;
  /** What a failed job keeps: the learner's words are in MySQL, not needed in Redis for 14 days. */
  redact?: (data: z.output<S>) => z.output<S>;
  /** BullMQ's priority (1 first, larger later); jobs without one go before any with one. */
  priority?: number;
}

const job = <S extends z.ZodType>(definition: JobDefinition<S>) => definition;

/** A mentor-desk job's id, for the kinds whose repeat must be a no-op; undefined for the rest. */
function mentorDeskJobId(job: MentorDeskJob): string | undefined {
  switch (job.kind) {
    case 'post-ticket':
      return `post-ticket-${job.ticketId}`;
    case 'post-follow-up':
      return `post-follow-up-${job.followUpId}`;
    case 'attach-file':
      return `attach-file-${job.fileId}`;
    case 'reply':
    case 'close':
      // Slack retries an event it thinks we missed: its event id makes the retry a no-op.
      return job.eventId && `slack-${job.eventId}`;
    default:
      return undefined;
  }
}

/** Every job by name. A job's BullMQ name is its key's part after the dot. */
export const JOBS = {
  // Twilio may deliver a webhook twice: the MessageSid makes the second add a no-op.
  'inbound.message': job({
    queue: 'inbound',
    schema: inboundMessageSchema,
    jobId: (m) => m.messageSid,
    retry: 'standard',
    retention: PERSONAL_RETENTION,
    // The files' URLs point at what the learner sent: MySQL keeps them while they are needed.
    redact: ({ body: _body, profileName: _name, media: _media, ...kept }) => ({ ...kept, body: '' }),
  }),
  'outbound.send': job({
    queue: 'outbound',
    schema: outboundJobSchema,
    jobId: (j) => outboundJobId(j.outboundId),
    retry: 'standard',
    retention: PERSONAL_RETENTION,
    // Without the message, a retried job reads it from its row.
    redact: ({ outboundId }) => ({ outboundId }),
  }),
  // Re-queues messages whose job was lost; repeated by BullMQ's job scheduler.
  'outbound.sweep': job({
    queue: 'outbound',
    schema: z.object({}),
    jobId: () => undefined,
    retry: 'standard',
    retention: SCHEDULED_RETENTION,
  }),
  // Twilio may report the same status twice; each status of a message is handled once.
  'status.status': job({
    queue: 'status',
    schema: deliveryReportSchema,
    jobId: (r) => `${r.messageSid}-${r.status}`,
    retry: 'standard',
    retention: JOB_RETENTION,
  }),
  // Twilio's price of a final message, asked for a few times as it is often null at first; behind
  // every status report on the queue. One id per message and check, so a repeated report adds none.
  'status.price': job({
    queue: 'status',
    schema: priceCheckSchema,
    jobId: (j) => `price-${j.messageSid}-${j.check}`,
    retry: 'standard',
    retention: JOB_RETENTION,
    priority: 100,
  }),
  // Erases one learner once their confirmation is sent; retried until every step is done.
  'privacy.erase': job({
    queue: 'privacy',
    schema: z.object({ phone: z.string().regex(/^\d{6,15}$/), interactionId: rowId }),
    jobId: (j) => `erase-${j.interactionId}`,
    retry: 'standard',
    retention: ERASURE_RETENTION,
  }),
  // A learner's daily challenge is due (from their job scheduler), or their streak reminder.
  'daily.send': job({
    queue: 'daily',
    schema: dailySendSchema,
    jobId: () => undefined,
    retry: 'standard',
    retention: SCHEDULED_RETENTION,
  }),
  'daily.remind': job({
    queue: 'daily',
    schema: dailySendSchema,
    jobId: (j) => `remind-${j.ref ?? j.phone}-${j.day ?? ''}`,
    retry: 'standard',
    retention: SCHEDULED_RETENTION,
  }),
  // Drops the daily-limit hashes of erased learners once their times leave the window; repeated.
  'privacy.sweep': job({
    queue: 'privacy',
    schema: z.object({}),
    jobId: () => undefined,
    retry: 'standard',
    retention: SCHEDULED_RETENTION,
  }),
  // The dashboard's daily summaries, rolled up from the log; repeated by its job scheduler.
  'insights.rollup': job({
    queue: 'insights',
    schema: z.object({}),
    jobId: () => undefined,
    retry: 'standard',
    retention: SCHEDULED_RETENTION,
  }),
  // The weekly digest to the mentors' channel, from its job scheduler (DIGEST_CRON); `weekEnding` for a run by hand.
  'insights.digest': job({
    queue: 'insights',
    schema: z.object({ weekEnding: z.iso.datetime().optional() }),
    jobId: () => undefined,
    retry: 'standard',
    retention: SCHEDULED_RETENTION,
  }),
  ...mentorDeskJobs(),
} as const satisfies Record<string, JobDefinition>;

function mentorDeskJobs() {
  const kinds = ['post-ticket', 'post-follow-up', 'attach-file', 'note', 'reply', 'close', 'sweep'] as const;
  return Object.fromEntries(
    kinds.map((kind) => [
      `mentor.${kind}`,
      job({
        queue: 'mentor',
        schema: mentorDeskJobSchema,
        jobId: mentorDeskJobId,
        retry: 'standard',
        retention: kind === 'sweep' ? SCHEDULED_RETENTION : JOB_RETENTION,
        // A mentor's answer (and a close) goes before posts to Slack: while Slack fails, the posts
        // keep pausing the queue, and the answer, which needs Slack least, must not wait behind them.
        ...(kind === 'reply' || kind === 'close' ? {} : { priority: 10 }),
      }),
    ]),
  ) as Record<`mentor.${MentorDeskJobKind}`, JobDefinition<typeof mentorDeskJobSchema>>;
}

export type JobName = keyof typeof JOBS;
export type JobData<N extends JobName> = z.output<(typeof JOBS)[N]['schema']>;

/** The catalog entry's BullMQ job name (`send` for `outbound.send`). */
export function bullName(name: JobName): string {
  return name.slice(name.indexOf('.') + 1);
}

/** The catalog name of a job found on `queue` under BullMQ name `bull`, if the catalog has one. */
export function catalogName(queue: QueueName, bull: string): JobName | undefined {
  const name = `${queue}.${bull}`;
  return name in JOBS ? (name as JobName) : undefined;
}

/** The job names that run on one queue. */
export function jobsOf(queue: QueueName): JobName[] {
  return (Object.keys(JOBS) as JobName[]).filter((name) => JOBS[name].queue === queue);
}

/** The catalog name of a mentor-desk job. */
export function mentorDeskJobName(job: MentorDeskJob): JobName {
  return `mentor.${job.kind}`;
}

/** The one job id of an outbound message's job: while it is queued or running, re-queueing is a no-op. */
export function outboundJobId(outboundId: number): string {
  return `outbound-${outboundId}`;
}

/**
 * A learner's daily challenge as BullMQ's job scheduler repeats it: one scheduler per learner, its id
 * from an opaque reference (a keyed hash of the number: ids show on the dashboard).
 */
export function dailyScheduler(phone: string, ref: string) {
  return {
    schedulerId: `daily-${ref}`,
    template: { name: bullName('daily.send'), data: { phone, kind: 'daily' as const }, opts: SCHEDULED_RETENTION },
  };
}

/** The privacy sweep, every 10 minutes for all workers. */
export const PRIVACY_SWEEP = {
  schedulerId: 'privacy-sweep',
  every: 10 * 60_000,
  template: { name: bullName('privacy.sweep'), data: {}, opts: SCHEDULED_RETENTION },
} as const;

/** The outbox sweep as BullMQ's job scheduler repeats it: one scheduler id for every worker. */
export const OUTBOX_SWEEP = {
  schedulerId: 'outbox-sweep',
  template: { name: bullName('outbound.sweep'), data: {}, opts: SCHEDULED_RETENTION },
} as const;

/** The desk's sweep as BullMQ's job scheduler repeats it: one scheduler id for every worker, short retention. */
export const MENTOR_SWEEP = {
  schedulerId: 'mentor-desk-sweep',
  template: { name: bullName('mentor.sweep'), data: { kind: 'sweep' } as const, opts: SCHEDULED_RETENTION },
} as const;

/** The roll-up of the dashboard's daily summaries, every 5 minutes for all workers. */
export const INSIGHTS_ROLLUP = {
  schedulerId: 'insights-rollup',
  every: 5 * 60_000,
  template: { name: bullName('insights.rollup'), data: {}, opts: SCHEDULED_RETENTION },
} as const;

/** The weekly digest as BullMQ's job scheduler repeats it: one scheduler id for every worker (cron in the school's zone). */
export const WEEKLY_DIGEST = {
  schedulerId: 'insights-weekly-digest',
  template: { name: bullName('insights.digest'), data: {}, opts: SCHEDULED_RETENTION },
} as const;

export interface RetrySettings {
  attempts: number;
  backoffMs: number;
}

/** BullMQ's add options for a job of the catalog. */
export function jobOptions<N extends JobName>(name: N, data: JobData<N>, retry: RetrySettings) {
  const definition = JOBS[name] as JobDefinition;
  const jobId = definition.jobId(data);
  return {
    ...(jobId ? { jobId } : {}),
    ...(definition.priority ? { priority: definition.priority } : {}),
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
    ...definition.retention,
  };
}
