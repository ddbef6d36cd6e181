import type { ConsentState } from '../consent/consent.js';
import type { DataSummary } from '../privacy/privacy.js';
import type { Challenge, Difficulty, Topic } from './catalog.js';
import type { ChallengeProgress } from './coach/level.js';
import type { Streak } from './coach/streak.js';

/** A challenge the learner was handed (and that still counts), with the last time. */
export interface SentChallenge {
  code: string;
  topic: Topic;
  difficulty: Difficulty;
  lastSentAt: Date;
  /** The interaction that last handed it out: which came last, whatever the hosts' clocks say. */
  lastInteractionId: number;
  /** How many times it was handed out (more than once only after the learner saw its whole cell). */
  times: number;
}

/** One of the learner's open mentor tickets. */
export interface OpenTicket {
  id: number;
  challengeCode: string | null;
  answered: boolean;
}

/** A mentor's answer WhatsApp refused earlier, sent again now that the learner wrote. */
export interface HeldAnswer {
  answerId: number;
  text: string;
  /** Parts of it that reached the learner before WhatsApp refused the rest: not sent twice. */
  delivered: readonly string[];
  /** The files it carries, one message each after its text. */
  attachments?: readonly { body: string; mediaUrl: string }[] | undefined;
}

/** The mentor desk's queue, for a learner's place in it. */
export interface TicketQueueState {
  /** Open tickets no mentor has answered yet, oldest first (by id). */
  unansweredIds: readonly number[];
  /** Time from asking to a first answer, for tickets first answered in the pace window. */
  recentFirstAnswerMs: readonly number[];
}

/** The coach's state of the learner: their streak and the zone their days are counted in. */
export interface CoachState {
  streak: Streak;
  /** The zone the learner chose with `timezone`; null for the default. */
  timezone: string | null;
  /** Their daily challenge: the time as typed (null: off), paused, unanswered in a row, one held for GO. */
  daily?: DailyState | undefined;
  /** When the learner last wrote: WhatsApp's 24-hour window runs from here. */
  lastSeenAt?: Date | null | undefined;
}

export interface DailyState {
  typed: string | null;
  paused: boolean;
  unanswered: number;
  heldCode: string | null;
}

/** The challenge an answer is for, with where the learner stands with it. */
export interface AnswerTarget {
  challenge: Challenge;
  progress: ChallengeProgress;
}

/** Who wrote: the key, where answers go, and the WhatsApp profile name. */
export interface LearnerIdentity {
  phone: string;
  address: string;
  profileName?: string | undefined;
  /** The bot's number they wrote to (the inbound To): their replies go from it. */
  sender?: string | undefined;
}

/**
 * Everything `decide` may read about one learner, loaded at once under the learner's lock. Parts
 * the command does not need (see `SnapshotRequest`) are left empty.
 */
export interface LearnerSnapshot {
  learner: LearnerIdentity;
  /** When each challenge still counting in the rolling window was handed out. */
  countedAt: readonly Date[];
  /** Every challenge handed out that still counts, with when it was last handed out. */
  sent: readonly SentChallenge[];
  /** The topic (and level) whose candidates were read. */
  cell: SnapshotRequest['cell'];
  /** The active challenges of that topic (one level, or every level). */
  cellChallenges: readonly Challenge[];
  /** The challenge named by code (hint, solution), retired or not. */
  named: Challenge | undefined;
  heldAnswers: readonly HeldAnswer[];
  /** Most recent first. */
  openTickets: readonly OpenTicket[];
  ticketQueue: TicketQueueState;
  coach: CoachState;
  /** The learner's challenges (of the requested topic, or all for `progress`), most recent first. */
  progress: readonly ChallengeProgress[];
  /** The challenge an answer is for (the named, quoted or most recent open one), if any. */
  target: AnswerTarget | undefined;
  consent: ConsentState;
  access: AccessState;
  /** What is kept about the learner, for `my data`. */
  summary?: DataSummary | undefined;
  /** The challenge held for the daily template's GO. */
  dailyHeld?: Challenge | undefined;
}

/** Whether the learner is on the roster (in ACCESS_MODE=enrolled), and the cohort a join code names. */
export interface AccessState {
  enrolled: boolean;
  /** The last "not on the roster" reply: at most one a day. */
  noticeAt: Date | null;
  /** The cohort of the code sent with `join`, when it exists. */
  cohort?: { name: string; expiresAt: Date | null } | undefined;
}

/** Which parts of the snapshot a command needs, so the loader reads nothing more. */
export interface SnapshotRequest {
  learner: LearnerIdentity;
  window: boolean;
  history: boolean;
  /** The topic whose candidates to read: one level, or all levels (`null`) for the learner's level. */
  cell?: { topic: Topic; difficulty: Difficulty | null } | undefined;
  named?: string | undefined;
  heldAnswers: boolean;
  /**
   * The learner's open tickets and the mentor desk's queue: `queue` always (a new ticket joins it),
   * `open` the tickets, and the queue only when the learner has one open (a follow-up's standing).
   */
  tickets: 'none' | 'open' | 'queue';
  /** The learner's streak and zone. */
  coach: boolean;
  /** Their challenges: of one topic (the level for a topic-only request), or all (`progress`). */
  progress: 'none' | 'topic' | 'all';
  /** Counts of what is kept (`my data`). */
  summary?: boolean | undefined;
  /** The challenge held for GO. */
  dailyHeld?: boolean | undefined;
  /** Roster membership (ACCESS_MODE=enrolled), and the cohort of a join code. */
  access?: { joinCode?: string | undefined } | undefined;
  /** The challenge an answer is for: by code, by the message it quoted, or the most recent open one. */
  target?: { code: string } | { quotedSid: string } | 'latest' | 'review' | undefined;
}

export const EMPTY_SNAPSHOT: Omit<LearnerSnapshot, 'learner'> = {
  countedAt: [],
  sent: [],
  cell: undefined,
  cellChallenges: [],
  named: undefined,
  heldAnswers: [],
  openTickets: [],
  ticketQueue: { unansweredIds: [], recentFirstAnswerMs: [] },
  coach: { streak: { current: 0, best: 0, day: null, freezes: 0 }, timezone: null },
  progress: [],
  target: undefined,
  consent: { optedOut: false, welcomed: false },
  access: { enrolled: true, noticeAt: null },
};

/** The code of the challenge the learner was handed last, if any: what a question is about. */
export function lastChallengeCode(snapshot: LearnerSnapshot): string | null {
  let last: SentChallenge | undefined;
  for (const sent of snapshot.sent) if (!last || sent.lastInteractionId > last.lastInteractionId) last = sent;
  return last?.code ?? null;
}
