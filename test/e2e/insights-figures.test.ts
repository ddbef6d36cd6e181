import { readPeriod } from '@datadrill/core';
import * as figures from '@datadrill/figures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, C, NOW, PERIOD, seedInsightsFixture } from '../support/insights-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Every figure's SQL against values worked out by hand from test/support/insights-fixture.ts. */
describe("the school dashboard's figures", () => {
  let database: TestDatabase;
  const filters = (cohort: string | null = null): figures.Filters => {
    const period = readPeriod(PERIOD, 'UTC', NOW);
    if ('problem' in period) throw new Error(period.problem);
    return { ...period, cohort, now: NOW };
  };

  beforeAll(async () => {
    database = await createTestDatabase('insights_figures');
    await seedInsightsFixture(database.db);
  });
  afterAll(async () => database?.drop());

  it('activity: active learners, messages in by kind, challenges sent, refused and undelivered', async () => {
    const days = await figures.activityByDay(database.db, filters());
    expect(days).toEqual([
      { day: '2026-03-02', learners: 2, messagesIn: 5, challengesSent: 1, limited: 1, undelivered: 1 },
      { day: '2026-03-05', learners: 1, messagesIn: 1, challengesSent: 0, limited: 0, undelivered: 0 },
      { day: '2026-03-06', learners: 1, messagesIn: 3, challengesSent: 1, limited: 0, undelivered: 0 },
      { day: '2026-03-09', learners: 1, messagesIn: 3, challengesSent: 1, limited: 0, undelivered: 0 },
      // C's daily challenge was sent, but only their "thanks" is a message in.
      { day: '2026-03-18', learners: 1, messagesIn: 1, challengesSent: 1, limited: 0, undelivered: 0 },
    ]);
    expect(await figures.weeklyActive(database.db, filters())).toEqual([
      { week: '2026-03-02', learners: 3 },
      { week: '2026-03-09', learners: 1 },
      { week: '2026-03-16', learners: 1 },
    ]);
    expect(await figures.messagesInByKind(database.db, filters())).toEqual([
      { kind: 'challenge', messages: 6 },
      { kind: 'answer', messages: 4 },
      { kind: 'help', messages: 1 },
      { kind: 'hint', messages: 1 },
      { kind: 'smalltalk', messages: 1 },
    ]);
    const out = await figures.messagesOutByDay(database.db, filters());
    expect(out.find((d) => d.day === '2026-03-02')).toEqual({
      day: '2026-03-02',
      replies: 5,
      botStarted: 1,
      templates: 0,
    });
    expect(out.find((d) => d.day === '2026-03-18')).toEqual({
      day: '2026-03-18',
      replies: 1,
      botStarted: 0,
      templates: 1,
    });
    // Cohort Alpha is A alone: their 6 messages.
    const alpha = await figures.activityByDay(database.db, filters('Alpha'));
    expect(alpha.reduce((sum, d) => sum + d.messagesIn, 0)).toBe(6);
    expect(await figures.messagesInByKind(database.db, filters('Alpha'))).toEqual([
      { kind: 'challenge', messages: 3 },
      { kind: 'answer', messages: 2 },
      { kind: 'hint', messages: 1 },
    ]);
  });

  it('demand: requests per cell, including refused and exhausted ones', async () => {
    expect(await figures.demandCells(database.db, filters())).toEqual([
      { topic: 'python', difficulty: 'easy', requests: 5, handedOut: 4, limited: 0, exhausted: 1 },
      { topic: 'sql', difficulty: 'hard', requests: 2, handedOut: 1, limited: 1, exhausted: 0 },
    ]);
  });

  it('learning: solve rate and attempts, the funnel with its biggest drop, retention by week', async () => {
    expect(await figures.solveRates(database.db, filters())).toEqual([
      { topic: 'python', difficulty: 'easy', sent: 4, attempted: 2, solved: 2, meanAttempts: 1.5 },
      { topic: 'sql', difficulty: 'hard', sent: 1, attempted: 0, solved: 0, meanAttempts: null },
    ]);
    const funnel = await figures.funnel(database.db, filters());
    expect(funnel.steps.map((s) => s.learners)).toEqual([3, 3, 2, 1]);
    expect(funnel.drop).toEqual({ from: 'first right answer', to: 'active again on day 7', lost: 1, share: 0.5 });
    expect(await figures.retention(database.db, filters())).toEqual([
      { week: '2026-03-02', learners: 3, day1: 1 / 3, day7: 1 / 3, day30: null },
    ]);
  });

  it('challenges: sent, attempted, facility, mean attempts, hints, unreadable, flags', async () => {
    const rows = await figures.challengeFigures(database.db, filters());
    expect(rows.find((r) => r.code === 'python-easy-001')).toMatchObject({
      sent: 2,
      attempted: 2,
      firstAttempts: 2,
      firstRight: 1,
      meanAttempts: 1.5,
      hints: 0,
      revealedBeforeAnswering: 0,
      answers: 4,
      unreadable: 1,
      flags: [],
    });
    expect(rows.find((r) => r.code === 'python-easy-002')).toMatchObject({ sent: 1, hints: 1, attempted: 0 });
    expect(rows.map((r) => r.code).sort()).toEqual([
      'python-easy-001',
      'python-easy-002',
      'python-easy-003',
      'sql-hard-001',
    ]);
  });

  it('learners: stuck by misses in a row and by silence after a streak, top streaks', async () => {
    const misses = await figures.stuckByMisses(database.db, filters());
    expect(misses.learners.map((l) => [l.phone, l.reason])).toEqual([
      ['27820000004', '3 sql challenges missed in a row'],
    ]);
    const silent = await figures.stuckSilent(database.db, filters());
    expect(silent.learners.map((l) => [l.phone, l.name, l.reason])).toEqual([
      [A, 'Ann Smith', 'silent 7+ days after a 3-day streak'],
    ]);
    expect((await figures.topStreaks(database.db, filters())).map((s) => [s.phone, s.best, s.current])).toEqual([
      [A, 4, 3],
      [C, 1, 1],
    ]);
  });

  it('mentor desk: open now, median wait by week, held answers, questions per challenge', async () => {
    expect(await figures.deskNow(database.db, filters())).toMatchObject({ open: 2, unanswered: 1, held: 1 });
    expect(await figures.deskByWeek(database.db, filters())).toEqual([
      { week: '2026-03-02', opened: 2, answered: 2, medianWaitMs: 45 * 60_000, held: 1 },
      { week: '2026-03-16', opened: 1, answered: 0, medianWaitMs: null, held: 0 },
    ]);
    expect(await figures.questionsPerChallenge(database.db, filters())).toEqual([
      { code: 'python-easy-001', tickets: 2 },
      { code: 'python-easy-003', tickets: 1 },
    ]);
  });

  it('delivery: failures by error code, refunds, categories with the price Twilio reported', async () => {
    expect(await figures.failures(database.db, filters())).toEqual([
      { code: 63003, kind: 'refused', messages: 1 },
      { code: 63016, kind: 'undelivered', messages: 1 },
    ]);
    expect(await figures.refunds(database.db, filters())).toBe(1);
    expect(await figures.categories(database.db, filters())).toEqual([
      { category: 'session reply', messages: 13, prices: [{ unit: 'USD', total: 0.005 }] },
      { category: 'session, bot-started', messages: 1, prices: [] },
      { category: 'template', messages: 1, prices: [{ unit: 'USD', total: 0.0147 }] },
    ]);
  });
});
