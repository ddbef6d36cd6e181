import type { Challenge, Difficulty, Topic } from './catalog.js';

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
}

/** The mentor desk's queue, for a learner's place in it. */
export interface TicketQueueState {
  /** Open tickets no mentor has answered yet, oldest first (by id). */
  unansweredIds: readonly number[];
  /** Time from asking to a first answer, for tickets first answered in the pace window. */
  recentFirstAnswerMs: readonly number[];
}

/** Who wrote: the key, where answers go, and the WhatsApp profile name. */
export interface LearnerIdentity {
  phone: string;
  address: string;
  profileName?: string | undefined;
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
};

/** How many challenges of each difficulty the learner was handed in `topic`. */
export function sentCounts(snapshot: LearnerSnapshot, topic: Topic): Partial<Record<Difficulty, number>> {
  const counts: Partial<Record<Difficulty, number>> = {};
  for (const sent of snapshot.sent) {
    if (sent.topic === topic) counts[sent.difficulty] = (counts[sent.difficulty] ?? 0) + sent.times;
  }
  return counts;
}

/** The code of the challenge the learner was handed last, if any: what a question is about. */
export function lastChallengeCode(snapshot: LearnerSnapshot): string | null {
  let last: SentChallenge | undefined;
  for (const sent of snapshot.sent) if (!last || sent.lastInteractionId > last.lastInteractionId) last = sent;
  return last?.code ?? null;
}
