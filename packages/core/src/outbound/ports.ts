import type { Difficulty, Topic } from '../challenges/catalog.js';
import type { Logger } from '../log/logger.js';
import type { AnswerDeliveries } from '../mentor/answer-delivery.js';

/**
 * One WhatsApp message the bot must send (a reply, one part of a long one, or a notice).
 * `pending` → `sending` (claimed: the REST call is under way) → `sent`, or `failed`.
 */
export type OutboundStatus = 'pending' | 'sending' | 'sent' | 'delivered' | 'failed';

export interface OutboundMessage {
  id: number;
  interactionId: number | null;
  /** A mentor's answer this message carries (its fate is the answer's). */
  answerId: number | null;
  to: string;
  /** The text; for a template, our record of what the template says. */
  body: string;
  /** An approved WhatsApp template sent instead of the body (outside the 24-hour window). */
  contentSid: string | null;
  /** The cell of the challenge this message's interaction hands out, if any (for metrics). */
  challenge: { topic: Topic; difficulty: Difficulty } | null;
  /** The only message of its interaction's reply (most are): sending it settles the interaction. */
  sole: boolean;
  status: OutboundStatus;
  /** When it was last claimed: where a reconciliation with Twilio starts looking. */
  updatedAt: Date;
}

export interface OutboundStore {
  find(id: number): Promise<OutboundMessage | undefined>;
  /** pending → sending; false when it was not pending (claimed by a run that died, sent, or failed). */
  claim(id: number): Promise<boolean>;
  /** sending → pending: Twilio accepted nothing, so sending again is safe. */
  release(id: number): Promise<void>;
  markSent(id: number, twilioSid: string): Promise<void>;
  markFailed(id: number, error: string, errorCode: number | undefined): Promise<void>;
  findBySid(twilioSid: string): Promise<OutboundMessage | undefined>;
  /** Twilio's status callback said the handset has it (or read it). */
  markHandsetDelivered(id: number): Promise<void>;
  /** Ids of an interaction's messages not yet sent, in order. */
  unsent(interactionId: number): Promise<number[]>;
  /** A message to a learner outside any interaction (e.g. "we couldn't deliver"), or a template. */
  createNotice(to: string, body: string, contentSid?: string): Promise<number>;
}

/** Hands message ids to the rate-limited outbound queue. */
export interface Outbox {
  enqueue(ids: readonly number[]): Promise<void>;
}

/** Sends WhatsApp messages; `findSent` looks for one already accepted (after a crash mid-call). */
export interface Messenger {
  /** Sends one message; Twilio reports its later fate to the status callback URL, when configured. */
  send(message: Pick<OutboundMessage, 'to' | 'body' | 'contentSid'>): Promise<{ sid: string }>;
  findSent(to: string, body: string, since: Date): Promise<string | undefined>;
}

/** The interaction log's side of a delivery. */
export interface InteractionDeliveries {
  /**
   * Twilio accepted `message`, a part of the interaction's reply, as `twilioSid`: records that and,
   * once no part is left unsent, moves the interaction to `sent` (or `limited`).
   */
  sent(message: OutboundMessage, twilioSid: string): Promise<void>;
  /** Failed for good: the interaction stops counting; true when it was a counted challenge. */
  failed(interactionId: number, error: string): Promise<boolean>;
}

export interface OutboundDeps {
  store: OutboundStore;
  outbox: Outbox;
  messenger: Messenger;
  interactions: InteractionDeliveries;
  /** The mentor desk's side, when it is configured. */
  answers?: AnswerDeliveries | undefined;
  log: Logger;
}
