import type { DeliveryReport, OutboundJob } from '../jobs/catalog.js';
import type { Difficulty, Topic } from '../learning/catalog.js';
import type { Outcome } from '../learning/interaction.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Interactive } from '../whatsapp/interactive.js';
import type { OutboundStatus } from './states.js';

export interface OutboundMessage {
  id: number;
  interactionId: number | null;
  /** The outcome of the interaction whose reply this is (it decides the interaction's delivered status). */
  outcome: Outcome | null;
  /** A mentor's answer this message carries (its fate is the answer's). */
  answerId: number | null;
  to: string;
  /** The bot's sender it goes from: the one the learner last wrote to; null, the default sender. */
  from: string | null;
  /** The text; for a template, our record of what the template says. */
  body: string;
  /** An approved WhatsApp template sent instead of the body (outside the 24-hour window). */
  contentSid: string | null;
  /** Buttons or a list under the body. */
  actions: Interactive | null;
  /** A file sent with the body, at a URL Twilio fetches. */
  mediaUrl: string | null;
  /** The cell of the challenge this message's interaction hands out, if any (for metrics). */
  challenge: { topic: Topic; difficulty: Difficulty } | null;
  /** The only message of its interaction's reply (most are): sending it settles the interaction. */
  sole: boolean;
  status: OutboundStatus;
  /** When it was last claimed: where a reconciliation with Twilio starts looking. */
  updatedAt: Date;
  /** When it was written: a message older than WhatsApp's window is never sent. */
  createdAt: Date;
  /** `learner`: a reply to their message; `bot`: one the bot starts, never sent after they opt out. */
  initiatedBy: 'learner' | 'bot';
  /** The recipient opted out (read with the message when its claim was refused). */
  recipientOptedOut: boolean;
}

/** A status report from Twilio that arrived before the message's SID was stored. */
export type EarlyReport = Pick<DeliveryReport, 'status' | 'errorCode'>;

/** What storing a SID found: whether it settled the interaction, and a report that was waiting for it. */
export interface SentOutcome {
  settled: boolean;
  early: EarlyReport | undefined;
}

export interface OutboundStore {
  /**
   * Claims the message (pending → sending) and reads it, in one round trip; `claimed` is false
   * when it was not pending (claimed by a run that died, sent, or failed).
   */
  claim(id: number): Promise<{ message: OutboundMessage; claimed: boolean } | undefined>;
  /** The same claim for a message whose job carries it: one UPDATE, nothing read; false when it was not pending. */
  claimKnown(id: number): Promise<boolean>;
  release(id: number): Promise<void>;
  /**
   * Twilio accepted `message` as `twilioSid`: records that and, once no part of its reply is left
   * unsent, moves the interaction to its delivered status; reads any report that overtook the SID.
   */
  markSent(message: OutboundMessage, twilioSid: string): Promise<SentOutcome>;
  markFailed(id: number, error: string, errorCode: number | undefined): Promise<void>;
  /** The interaction will never be delivered: it stops counting; true when it was a counted challenge. */
  failInteraction(interactionId: number, error: string): Promise<boolean>;
  findBySid(twilioSid: string): Promise<OutboundMessage | undefined>;
  markHandsetDelivered(id: number): Promise<void>;
  /** The recipient is unsubscribed (Twilio's 21610): recorded as their opt-out. */
  optOut(to: string, channel: 'twilio_21610', at: Date): Promise<void>;
  /** A message to a learner outside any interaction (e.g. "we couldn't deliver"), or a template. */
  createNotice(to: string, body: string, contentSid?: string): Promise<number>;
  /** Messages still pending or sending that nothing has touched since `before`, oldest first. */
  stale(before: Date, limit: number): Promise<OutboundMessage[]>;
  /** Keeps a report for a SID not stored yet, for `markSent` to find. */
  keepEarlyReport(report: DeliveryReport, at: Date): Promise<void>;
  /** Forgets reports kept since before `before` (their SID never arrived: not ours). */
  forgetEarlyReports(before: Date): Promise<void>;
}

/** Hands messages to the rate-limited outbound queue: several given at once are sent in that order. */
export interface Outbox {
  enqueue(ids: readonly number[]): Promise<void>;
  /** A reply's messages, each job carrying what it sends. */
  enqueueMessages(jobs: readonly OutboundJob[]): Promise<void>;
  /** Queues a message's job again when none is waiting or running (lost, failed or finished). */
  requeue(id: number): Promise<'queued' | 'already queued'>;
}

/** What Twilio is asked to send: a body, or a template by its ContentSid. */
export type MessageToSend = Pick<OutboundMessage, 'to' | 'body' | 'contentSid'> &
  Partial<Pick<OutboundMessage, 'actions' | 'mediaUrl' | 'from'>>;

/** Sends WhatsApp messages; `findSent` looks for one already accepted (after a crash, or a lost answer). */
export interface Messenger {
  /** Sends one message; Twilio reports its later fate to the status callback URL, when configured. */
  send(message: MessageToSend): Promise<{ sid: string }>;
  /** The SID of `message` if Twilio accepted it at or after `since` (give or take clock skew). */
  findSent(message: MessageToSend, since: Date): Promise<string | undefined>;
  /** Deletes a message's record at Twilio (erasure); one Twilio no longer holds is already gone. */
  deleteMessage(sid: string): Promise<void>;
}

/** What becomes of the mentor answers messages carry: the mentor desk registers this, delivery never imports it. */
export interface AnswerHooks {
  sent(answerId: number): Promise<void>;
  undeliverable(message: OutboundMessage, reason: string, code: number | undefined): Promise<void>;
}

/** Whether the queue will run this job again if it throws. */
export interface Attempt {
  final: boolean;
}

export interface DeliveryDeps {
  store: OutboundStore;
  outbox: Outbox;
  messenger: Messenger;
  /** The mentor desk's side, when it is configured. */
  answers?: AnswerHooks | undefined;
  /** Sees each challenge delivered (metrics). */
  onChallengeDelivered?: ((challenge: { topic: Topic; difficulty: Difficulty }) => void) | undefined;
  clock: Clock;
  log: Logger;
}
