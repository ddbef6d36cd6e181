import { describe, expect, it } from 'vitest';
import { type ChallengeProgress, type ChallengeStatus, chooseLevel } from './level.js';
import { keyStep } from './replies.js';
import { reviewDueAt } from './review.js';
import { NO_STREAK, solveOn, streakOn } from './streak.js';
import { learnerTimeZone, localDay } from './timezone.js';

describe('streaks', () => {
  it('counts consecutive local days with a solve, once per day', () => {
    const one = solveOn(NO_STREAK, '2026-06-01').streak;
    expect(one).toMatchObject({ current: 1, best: 1, day: '2026-06-01' });
    expect(solveOn(one, '2026-06-01').streak.current).toBe(1);
    const two = solveOn(one, '2026-06-02').streak;
    expect(two.current).toBe(2);
    expect(streakOn(two, '2026-06-03')).toBe(2);
    expect(streakOn(two, '2026-06-04')).toBe(0);
    expect(solveOn(two, '2026-06-04').streak).toMatchObject({ current: 1, best: 2 });
  });

  it('earns a freeze every 7 days (2 at most) and spends one on a missed day, telling the learner', () => {
    let streak = NO_STREAK;
    for (let day = 1; day <= 7; day++) streak = solveOn(streak, `2026-06-0${day}`).streak;
    expect(streak).toMatchObject({ current: 7, freezes: 1 });
    expect(streakOn(streak, '2026-06-09')).toBe(7);
    const kept = solveOn(streak, '2026-06-09');
    expect(kept).toMatchObject({ frozeDays: 1, streak: { current: 8, freezes: 0 } });
    expect(solveOn({ current: 20, best: 20, day: '2026-06-20', freezes: 2 }, '2026-06-24').streak.current).toBe(1);
    expect(solveOn({ current: 13, best: 13, day: '2026-06-13', freezes: 2 }, '2026-06-14').streak.freezes).toBe(2);
  });
});

describe('levels', () => {
  const at = (minutesAgo: number) => new Date(Date.UTC(2026, 5, 1, 12) - minutesAgo * 60_000);
  const row = (
    difficulty: 'easy' | 'medium' | 'hard',
    status: ChallengeStatus,
    minutesAgo: number,
  ): ChallengeProgress => ({
    code: `python-${difficulty}-${String(minutesAgo).padStart(3, '0')}`,
    topic: 'python',
    difficulty,
    status,
    attempts: 1,
    lastSentAt: at(minutesAgo),
  });

  it.each<[string, ChallengeProgress[], string, string | undefined]>([
    ['a new learner starts easy', [], 'easy', undefined],
    ['2 solved stays', [row('easy', 'solved', 1), row('easy', 'solved', 2)], 'easy', undefined],
    [
      '3 of the last 4 solved moves up',
      [row('easy', 'solved', 1), row('easy', 'missed', 2), row('easy', 'solved', 3), row('easy', 'solved', 4)],
      'medium',
      'up',
    ],
    [
      'revealed ones are not solved',
      [row('easy', 'revealed', 1), row('easy', 'revealed', 2), row('easy', 'solved', 3), row('easy', 'solved', 4)],
      'easy',
      undefined,
    ],
    [
      'open ones do not count',
      [row('medium', 'open', 1), row('medium', 'solved', 2), row('medium', 'solved', 3)],
      'medium',
      undefined,
    ],
    [
      '3 misses in a row move down',
      [row('medium', 'missed', 1), row('medium', 'revealed', 2), row('medium', 'missed', 3), row('easy', 'solved', 9)],
      'easy',
      'down',
    ],
    ['hard is the top', [1, 2, 3, 4].map((m) => row('hard', 'solved', m)), 'hard', undefined],
  ])('%s', (_, progress, difficulty, moved) => {
    const choice = chooseLevel(progress);
    expect(choice.difficulty).toBe(difficulty);
    expect(choice.reason?.moved).toBe(moved);
  });
});

describe('review schedule', () => {
  it('brings a missed challenge back after 1 day, then 3, 7 and 21 days', () => {
    const at = new Date('2026-06-01T09:00:00Z');
    const days = [0, 1, 2, 3, 4].map((step) => (reviewDueAt(at, step).getTime() - at.getTime()) / 86_400_000);
    expect(days).toEqual([1, 3, 7, 21, 21]);
  });
});

describe('time zones', () => {
  it.each([
    ['27825550101', null, 'Africa/Johannesburg'],
    ['2348031234567', null, 'Africa/Lagos'],
    ['14155238886', null, 'UTC'],
    ['27825550101', 'Europe/London', 'Europe/London'],
    ['27825550101', 'Mars/Olympus', 'Africa/Johannesburg'],
  ])('%s (chosen %s) → %s', (phone, chosen, zone) => {
    expect(learnerTimeZone(phone, chosen, 'UTC')).toBe(zone);
  });

  it('counts days in the learner zone: 22:30 UTC is already tomorrow in Johannesburg', () => {
    expect(localDay(new Date('2026-06-02T22:30:00Z'), 'Africa/Johannesburg')).toBe('2026-06-03');
    expect(localDay(new Date('2026-06-02T22:30:00Z'), 'UTC')).toBe('2026-06-02');
  });
});

describe('the key step of a solution', () => {
  const challenge = (solution: string, hint = 'Count the ways.') =>
    ({
      code: 'probability-easy-008',
      topic: 'probability',
      difficulty: 'easy',
      title: 'T',
      text: 'x',
      hint,
      solution,
    }) as const;

  it.each([
    ['C(8, 3) = 8!/(3!5!) = 56. So 56 committees.', 'C(8, 3) = 8!/(3!5!) = 56.'],
    ['Sxy = 6, Sxx = 10. Then r = 0.775.', 'Count the ways.'],
    ['Divide the count by the total. That gives 0.25.', 'Divide the count by the total.'],
    ['SELECT country, COUNT(*) FROM learners GROUP BY country;', 'Count the ways.'],
    ['# the mean\nprint(sum(x) / len(x))', 'Count the ways.'],
  ])('%j → %j', (solution, step) => {
    expect(keyStep(challenge(solution))).toBe(step);
  });
});
