import type { CatalogCounts, Challenge, Difficulty, Topic } from '../challenges/catalog.js';
import type { CandidateChallenge } from '../challenges/select-challenge.js';
import type { CommandKind } from '../commands/command.js';
import type { Logger } from '../log/logger.js';
import type { DeskQueue, DeskSettings, LearnerTickets } from '../mentor/ports.js';
import type { OutboundStore, Outbox } from '../outbound/ports.js';

/** What the bot answered: analysts read it; `limited` also becomes the delivered status. */
export type Outcome =
  | 'challenge'
  | 'limited'
  | 'empty_cell'
  | 'menu'
  | 'topics'
  | 'hint'
  | 'solution'
  | 'solution_locked'
  | 'unknown_code'
  | 'suggestion'
  | 'flood_notice'
  | 'not_understood'
  | 'ticket_opened'
  | 'ticket_follow_up'
  | 'ticket_limit'
  | 'ask_empty'
  | 'desk_unavailable'
  | 'open';

/** `pending` until the reply is accepted by Twilio; `limited` is a delivered limit reply. */
export type InteractionStatus = 'pending' | 'sent' | 'limited' | 'failed';

export interface NewInteraction {
  inboundSid: string;
  phone: string;
  keywords: string;
  command: CommandKind;
  topic: Topic | null;
  difficulty: Difficulty | null;
  outcome: Outcome;
  counted: boolean;
  challengeCode: string | null;
  reply: string;
  createdAt: Date;
}

export interface Interaction extends NewInteraction {
  id: number;
  status: InteractionStatus;
  error: string | null;
}

/** A new interaction with the ids of its outbound messages, in order. */
export interface RecordedInteraction extends Interaction {
  outboundIds: number[];
}

/** Reads and writes made while holding one learner's lock, in one transaction. */
export interface LearnerLedger {
  countedSince(since: Date): Promise<Date[]>;
  /** How many challenges of each difficulty this learner was sent in `topic`, ever. */
  sentCounts(topic: Topic): Promise<Partial<Record<Difficulty, number>>>;
  wasSent(code: string): Promise<boolean>;
  candidates(topic: Topic, difficulty: Difficulty): Promise<CandidateChallenge[]>;
  challenge(code: string): Promise<Challenge | undefined>;
  tickets: LearnerTickets;
  /**
   * Records the interaction and the messages to send for it, in one transaction; rejects with
   * `DuplicateInboundError` when the message was already recorded.
   */
  record(entry: NewInteraction, messages: readonly OutgoingText[], to: string): Promise<RecordedInteraction>;
}

/** One WhatsApp message of a reply; `answerId` when it carries a mentor's answer. */
export interface OutgoingText {
  body: string;
  answerId?: number;
}

export interface InteractionStore {
  findByInboundSid(inboundSid: string): Promise<Interaction | undefined>;
  /**
   * Runs `work` atomically while no other process works on the same learner, so a quota
   * check and the counted interaction it allows can never interleave with another's.
   */
  withLearner<T>(phone: string, work: (ledger: LearnerLedger) => Promise<T>): Promise<T>;
}

/** What the bot decided for one inbound message, for the worker's metrics. */
export interface HandledMessage {
  outcome: Outcome;
  topic: Topic | null;
  difficulty: Difficulty | null;
}

export interface ChallengeCatalog {
  counts(): Promise<CatalogCounts>;
  find(code: string): Promise<Challenge | undefined>;
}

/** Whether the queue will run this job again if it throws. */
export interface Attempt {
  final: boolean;
}

export interface Clock {
  now(): Date;
}

export interface InboundDeps {
  store: InteractionStore;
  catalog: ChallengeCatalog;
  outbound: Pick<OutboundStore, 'unsent'>;
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  dailyLimit: number;
  random?: () => number;
  /** The mentor desk, when Slack is configured. */
  desk?: { settings: Pick<DeskSettings, 'maxOpenTickets'>; queue: DeskQueue } | undefined;
}

export class DuplicateInboundError extends Error {
  override name = 'DuplicateInboundError';
}

/** A send that may succeed if tried again later (network, 429, 5xx). */
export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';
}

/** A send Twilio refused for good (invalid number, outside the session window, ...). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}
