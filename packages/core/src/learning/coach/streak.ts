import { daysBetween } from './timezone.js';

/** A learner's streak of local days with at least one challenge solved. */
export interface Streak {
  current: number;
  best: number;
  /** The last local day (YYYY-MM-DD) with a challenge solved; null before the first. */
  day: string | null;
  /** Earned one per 7 days of streak, at most 2 kept; each covers one missed day. */
  freezes: number;
}

export const MAX_FREEZES = 2;
export const FREEZE_EVERY_DAYS = 7;

export const NO_STREAK: Streak = { current: 0, best: 0, day: null, freezes: 0 };

/** What solving a challenge on local day `today` does to the streak, and the freezes it used. */
export function solveOn(streak: Streak, today: string): { streak: Streak; frozeDays: number; earnedFreeze: boolean } {
  if (streak.day === today) return { streak, frozeDays: 0, earnedFreeze: false };
  const missed = streak.day === null ? Number.POSITIVE_INFINITY : daysBetween(streak.day, today) - 1;
  const kept = missed <= streak.freezes;
  const frozeDays = kept && Number.isFinite(missed) ? missed : 0;
  const current = kept && streak.current > 0 ? streak.current + 1 : 1;
  const earnedFreeze = current % FREEZE_EVERY_DAYS === 0 && streak.freezes - frozeDays < MAX_FREEZES;
  const freezes = Math.min(MAX_FREEZES, streak.freezes - frozeDays + (earnedFreeze ? 1 : 0));
  return {
    streak: { current, best: Math.max(streak.best, current), day: today, freezes },
    frozeDays,
    earnedFreeze,
  };
}

/** The streak as it stands on `today`: broken (0) once more days were missed than freezes cover. */
export function streakOn(streak: Streak, today: string): number {
  if (streak.day === null) return 0;
  const missed = daysBetween(streak.day, today) - 1;
  return missed <= streak.freezes ? streak.current : 0;
}
