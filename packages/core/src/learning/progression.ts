import { DIFFICULTIES, type Difficulty } from './catalog.js';

/** Challenges at one level before a topic-only request moves the learner up a level. */
export const STEP_UP_AFTER = 3;

/**
 * The level for a learner who names only a topic: start easy, stay at the highest level
 * reached until several challenges were done there, then move up.
 */
export function nextDifficulty(sent: Partial<Record<Difficulty, number>>, stepUpAfter = STEP_UP_AFTER): Difficulty {
  const reached = [...DIFFICULTIES].reverse().find((difficulty) => (sent[difficulty] ?? 0) > 0);
  if (!reached) return 'easy';
  const index = DIFFICULTIES.indexOf(reached);
  const next = DIFFICULTIES[index + 1];
  return (sent[reached] ?? 0) >= stepUpAfter && next ? next : reached;
}
