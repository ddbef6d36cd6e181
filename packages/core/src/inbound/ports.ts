import type { CatalogCounts, Challenge, Difficulty, Topic } from '../challenges/catalog.js';
import type { Candidate } from '../challenges/select-challenge.js';
import type { CommandKind } from '../commands/command.js';
import type { Logger } from '../log/logger.js';
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
  | 'not_understood';

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

/** Reads and writes made while holding one learner's lock, in one transaction. */
export interface LearnerLedger {
  countedSince(since: Date): Promise<Date[]>;
  /** How many challenges of each difficulty this learner was sent in `topic`, ever. */
  sentCounts(topic: Topic): Promise<Partial<Record<Difficulty, number>>>;
  wasSent(code: string): Promise<boolean>;
  candidates(topic: Topic, difficulty: Difficulty): Promise<Candidate[]>;
  challenge(code: string): Promise<Challenge | undefined>;
  /** Records the interaction and its reply, split into the messages to send, in one transaction. */
  record(entry: NewInteraction, messages: readonly string[], to: string): Promise<Interaction>;
}

export interface InteractionStore {
  findByInboundSid(inboundSid: string): Promise<Interaction | undefined>;
  /**
   * Runs `work` atomically while no other process works on the same learner, so a quota
   * check and the counted interaction it allows can never interleave with another's.
   * Rejects with `DuplicateInboundError` when the message was already recorded.
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
