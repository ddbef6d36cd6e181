/**
 * Spaced review, a rule of our own (in the spirit of Leitner boxes and FSRS's growing intervals):
 * a challenge the learner missed or revealed comes due again 1 day later; each time it is missed
 * or revealed again the wait grows, to 3, 7 and then 21 days. Solving it ends its reviews.
 */
export const REVIEW_INTERVALS_DAYS = [1, 3, 7, 21] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a challenge finished without a solve, at review step `step` (0 the first time), is due again. */
export function reviewDueAt(finishedAt: Date, step: number): Date {
  const days = REVIEW_INTERVALS_DAYS[Math.min(step, REVIEW_INTERVALS_DAYS.length - 1)] ?? 21;
  return new Date(finishedAt.getTime() + days * DAY_MS);
}
