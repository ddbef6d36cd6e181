/**
 * What the school's figures mean, as data: the thresholds the dashboard and the weekly digest
 * flag by, and the small calculations both make on what the queries return.
 */

/** A challenge looks wrong for its level once this many learners have made a first attempt. */
export const FLAG_AFTER_FIRST_ATTEMPTS = 20;
/** Facility (share right on the first attempt) under this: too hard or broken. */
export const FACILITY_TOO_LOW = 0.2;
/** Facility over this: too easy for anything but a warm-up. */
export const FACILITY_TOO_HIGH = 0.95;
/** Answers the checker could not read, as a share of all answers, above which the answer's form is unclear. */
export const UNREADABLE_TOO_MANY = 0.25;
/** Stuck: this many challenges missed in a row in one topic. */
export const STUCK_MISSES_IN_A_ROW = 3;
/** Stuck: silent this many days after a streak of STUCK_AFTER_STREAK days or more. */
export const STUCK_SILENT_DAYS = 7;
export const STUCK_AFTER_STREAK = 3;

/** What one challenge's learners did with it in a period. */
export interface ChallengeFigures {
  code: string;
  topic: string;
  difficulty: string;
  /** Learners it was sent to. */
  sent: number;
  /** Learners who answered it at least once (readable answers). */
  attempted: number;
  /** First attempts, and how many of them were right. */
  firstAttempts: number;
  firstRight: number;
  /** Mean attempts per learner who attempted it. */
  meanAttempts: number | null;
  /** Times its hint was asked for. */
  hints: number;
  /** Learners who asked for the solution before answering at all. */
  revealedBeforeAnswering: number;
  /** Every answer, and those the checker could not read. */
  answers: number;
  unreadable: number;
}

export type ChallengeFlag = 'too hard' | 'too easy' | 'unreadable answers';

/** Share right on the first attempt (Moodle's facility index); null before any first attempt. */
export function facility(figures: Pick<ChallengeFigures, 'firstAttempts' | 'firstRight'>): number | null {
  return figures.firstAttempts === 0 ? null : figures.firstRight / figures.firstAttempts;
}

export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Why a challenge looks wrong for its level: none until enough learners tried it. */
export function challengeFlags(figures: ChallengeFigures): ChallengeFlag[] {
  const flags: ChallengeFlag[] = [];
  const index = facility(figures);
  if (figures.firstAttempts >= FLAG_AFTER_FIRST_ATTEMPTS && index !== null) {
    if (index < FACILITY_TOO_LOW) flags.push('too hard');
    if (index > FACILITY_TOO_HIGH) flags.push('too easy');
  }
  const unreadable = share(figures.unreadable, figures.answers);
  if (figures.answers >= FLAG_AFTER_FIRST_ATTEMPTS && unreadable !== null && unreadable > UNREADABLE_TOO_MANY) {
    flags.push('unreadable answers');
  }
  return flags;
}

/** The hardest challenges first: lowest facility among those tried often enough to tell. */
export function hardest<T extends ChallengeFigures>(challenges: readonly T[], count: number): T[] {
  return challenges
    .filter((c) => c.firstAttempts >= FLAG_AFTER_FIRST_ATTEMPTS)
    .sort((a, b) => (facility(a) ?? 1) - (facility(b) ?? 1) || b.firstAttempts - a.firstAttempts)
    .slice(0, count);
}

export interface FunnelStep {
  label: string;
  learners: number;
}

/** The step that loses the largest share of the learners who reached the one before it. */
export function biggestDrop(
  steps: readonly FunnelStep[],
): { from: string; to: string; lost: number; share: number } | undefined {
  let worst: { from: string; to: string; lost: number; share: number } | undefined;
  for (let i = 1; i < steps.length; i++) {
    const before = steps[i - 1];
    const after = steps[i];
    if (!before || !after || before.learners === 0) continue;
    const lost = before.learners - after.learners;
    const lostShare = lost / before.learners;
    if (!worst || lostShare > worst.share) worst = { from: before.label, to: after.label, lost, share: lostShare };
  }
  return worst;
}
