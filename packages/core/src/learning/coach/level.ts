import { DIFFICULTIES, type Difficulty } from '../catalog.js';

/** Where a learner stands with one challenge they were handed. */
export type ChallengeStatus = 'open' | 'solved' | 'revealed' | 'missed';

/** One challenge the learner was handed, as the coach tracks it. */
export interface ChallengeProgress {
  code: string;
  topic: string;
  difficulty: Difficulty;
  status: ChallengeStatus;
  attempts: number;
  lastSentAt: Date;
  /** For one missed or revealed: when it is due for review, and how many times it came due (see review.ts). */
  reviewDueAt?: Date | null | undefined;
  reviewStep?: number | undefined;
}

/** Up after this many of the last `UP_WINDOW` at a level solved without revealing the solution. */
export const UP_AFTER = 3;
export const UP_WINDOW = 4;
/** Down after this many misses (revealed or three wrong) in a row at a level. */
export const DOWN_AFTER = 3;

export interface LevelChoice {
  difficulty: Difficulty;
  /** Why it moved ("3 of your last 4 SQL medium right"); undefined when it stayed. */
  reason?: { moved: 'up' | 'down'; from: Difficulty; solved: number; of: number };
}

/**
 * The level for a learner who names only a topic, from what they solved in it (most recent
 * first): start easy; up after 3 of the last 4 at the current level solved without revealing;
 * down after 3 misses in a row. Challenges still open do not count either way.
 */
export function chooseLevel(topicProgress: readonly ChallengeProgress[]): LevelChoice {
  const latest = [...topicProgress].sort((a, b) => b.lastSentAt.getTime() - a.lastSentAt.getTime());
  const current = latest[0]?.difficulty ?? 'easy';
  const finished = latest.filter((p) => p.difficulty === current && p.status !== 'open');
  const index = DIFFICULTIES.indexOf(current);
  const recent = finished.slice(0, UP_WINDOW);
  const solved = recent.filter((p) => p.status === 'solved').length;
  const up = DIFFICULTIES[index + 1];
  if (up && solved >= UP_AFTER)
    return { difficulty: up, reason: { moved: 'up', from: current, solved, of: recent.length } };
  const down = DIFFICULTIES[index - 1];
  const misses = finished.slice(0, DOWN_AFTER);
  if (down && misses.length === DOWN_AFTER && misses.every((p) => p.status !== 'solved')) {
    return { difficulty: down, reason: { moved: 'down', from: current, solved: 0, of: DOWN_AFTER } };
  }
  return { difficulty: current };
}
