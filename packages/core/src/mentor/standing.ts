/** Mentors' usual pace is judged over this window. */
export const ANSWER_PACE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The median of some durations (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}
