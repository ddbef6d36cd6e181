import type { AccessMode } from '../access/roster.js';
import type { Outbox } from '../delivery/ports.js';
import type { CatalogCounts, Difficulty, Topic } from '../learning/catalog.js';
import type { CommandKind } from '../learning/commands/command.js';
import type { DecideRules, PlannerExtension } from '../learning/decide.js';
import type { InteractionStatus, Outcome } from '../learning/interaction.js';
import type { OutgoingText, Plan } from '../learning/plan.js';
import type { LearnerSnapshot, SnapshotRequest } from '../learning/snapshot.js';
import type { MentorDeskQueue } from '../mentor-desk/ports.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** The inbound message's part of its interaction row. */
export interface InboundRecord {
  inboundSid: string;
  phone: string;
  keywords: string;
  command: CommandKind;
  createdAt: Date;
  /** The queue ran this message before (it failed, or its process died): it may be recorded already. */
  mayBeRecorded: boolean;
  /** Not a message from the learner but a scheduled send: their last contact is left as it was. */
  scheduled?: boolean | undefined;
  /** How the message came: typed, or a tap on a button or a list row. */
  via?: 'typed' | 'button' | 'list' | undefined;
}

/** What the bot decided for one inbound message, for the worker's metrics. */
export interface HandledMessage {
  outcome: Outcome;
  topic: Topic | null;
  difficulty: Difficulty | null;
}

/** One message's turn with the learner's state: written now, or found written by an earlier run. */
export type LearnerTurn =
  | {
      kind: 'recorded';
      plan: Plan;
      interactionId: number;
      /** The reply's WhatsApp messages and their rows' ids, in the same order. */
      messages: OutgoingText[];
      outboundIds: number[];
      /** The sender the reply goes from (the learner's last), null for the default one. */
      from: string | null;
      ticketId?: number;
      followUpId?: number;
    }
  | { kind: 'recorded-before'; handled: HandledMessage; status: InteractionStatus; unsentIds: number[] }
  /** A scheduled send for a learner who is no longer there (erased): nothing written, nothing sent. */
  | { kind: 'no-learner' };

export interface LearnerRepository {
  /**
   * Load → decide → persist in one transaction holding the learner's lock: reads the parts of the
   * snapshot `request` names (and whether this message was recorded before) in one round trip,
   * calls the pure `decide`, and writes its plan in one more. The lock is held for nothing else.
   */
  turn(
    request: SnapshotRequest,
    record: InboundRecord,
    decide: (snapshot: LearnerSnapshot) => Plan,
  ): Promise<LearnerTurn>;
  /** The topic for today's daily challenge: the one the learner practised longest ago, if any. */
  dailyTopic(phone: string): Promise<Topic | undefined>;
}

/** The learners' daily challenges in BullMQ's job schedulers, one per learner. */
export interface DailySchedules {
  set(phone: string, time: { hour: number; minute: number }, zone: string): Promise<void>;
  clear(phone: string): Promise<void>;
  /** A streak reminder at `at`, at most one per learner and local day. */
  remind(phone: string, at: Date, day: string): Promise<void>;
}

export interface CatalogSource {
  counts(): Promise<CatalogCounts>;
}

export interface InboundDeps {
  learners: LearnerRepository;
  catalog: CatalogSource;
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  dailyLimit: number;
  /** Where learners' days are counted when their number does not say (SCHOOL_TIMEZONE). */
  schoolTimeZone: string;
  /** The school's privacy notice (PRIVACY_URL), linked from the welcome. */
  privacyUrl?: string | undefined;
  access?: { mode: AccessMode; formUrl?: string | undefined } | undefined;
  /** The daily challenge's schedules, and its template and quiet hours. */
  daily?: ({ schedules: DailySchedules } & NonNullable<DecideRules['daily']>) | undefined;
  /** Queues a learner's erasure, once they confirmed it. */
  privacy?: { erase(job: { phone: string; interactionId: number }): Promise<void> } | undefined;
  random?: () => number;
  /** The mentor desk, when Slack is configured: its planners and its queue. */
  mentorDesk?: { planners: PlannerExtension; queue: MentorDeskQueue } | undefined;
}
