import { z } from 'zod';

/**
 * Queue names are persisted in Redis: renaming one strands the jobs waiting in it.
 */
export const QueueName = {
  inbound: 'inbound',
  /** Every message the bot sends, rate-limited across all workers to the sender's Twilio MPS. */
  outbound: 'outbound',
  /** Twilio's status callbacks: what became of each message after Twilio accepted it. */
  status: 'status',
  /** The mentor desk: posts to Slack, mentors' replies and closes from Slack, the periodic sweep. */
  mentor: 'mentor',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** WhatsApp allows longer texts than we keep: the log stores the first 4096 characters (code points). */
export const MAX_KEYWORDS_LENGTH = 4096;

const keepHead = (text: string) =>
  text.length <= MAX_KEYWORDS_LENGTH ? text : Array.from(text).slice(0, MAX_KEYWORDS_LENGTH).join('');

/** An inbound WhatsApp message as the ingress accepted it from Twilio's webhook. */
export const inboundMessageSchema = z.object({
  messageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'a Twilio message SID'),
  accountSid: z.string().min(1),
  from: z.string().min(1).max(64),
  to: z.string().max(64).default(''),
  body: z.string().default('').transform(keepHead),
  profileName: z.string().max(256).optional(),
  receivedAt: z.iso.datetime(),
  /** The sender just went over the ingress's flood limit: answer with a notice, not the command. */
  flooded: z.boolean().optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

/** An outbound job carries only the id of its `outbound_messages` row. */
export const outboundJobSchema = z.object({ outboundId: z.number().int().positive() });
export type OutboundJob = z.infer<typeof outboundJobSchema>;

/** A Twilio status callback, as the ingress accepted it. */
export const deliveryReportSchema = z.object({
  messageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'a Twilio message SID'),
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

const slackTs = z.string().regex(/^\d+\.\d+$/, 'a Slack message ts');
const id = z.number().int().positive();

/**
 * Work for the mentor desk. `reply` and `close` come from Slack's Events API through the ingress;
 * the rest are queued by workers (posting tickets and follow-ups, notes in a thread, the sweep).
 */
export const mentorJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('post-ticket'), ticketId: id }),
  z.object({ kind: z.literal('post-follow-up'), followUpId: id }),
  z.object({ kind: z.literal('note'), ticketId: id, text: z.string().min(1).max(3000) }),
  z.object({
    kind: z.literal('reply'),
    channel: z.string().min(1).max(32),
    threadTs: slackTs,
    ts: slackTs,
    user: z.string().min(1).max(32),
    /** The name Slack put on the event, for when users.info cannot say. */
    userName: z.string().max(120).optional(),
    text: z.string().max(40_000),
  }),
  z.object({
    kind: z.literal('close'),
    channel: z.string().min(1).max(32),
    ts: slackTs,
    user: z.string().max(32),
    userName: z.string().max(120).optional(),
  }),
  z.object({ kind: z.literal('sweep') }),
]);
export type MentorJob = z.infer<typeof mentorJobSchema>;

/**
 * Job retention. A job id equal to the MessageSid only deduplicates while the job is
 * still in Redis, so completed jobs are kept for a day rather than removed at once;
 * failed ones are kept as evidence for ops.
 */
export const JOB_RETENTION = {
  removeOnComplete: { age: 24 * 60 * 60, count: 200_000 },
  removeOnFail: { age: 14 * 24 * 60 * 60 },
} as const;
