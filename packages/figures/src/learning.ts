import { biggestDrop, type FunnelStep } from '@datadrill/core';
import type { Knex } from 'knex';
import { type Filters, num, numOrNull, schoolWeek, scope, select } from './scope.js';

export interface SolveRate {
  topic: string;
  difficulty: string;
  sent: number;
  attempted: number;
  solved: number;
  /** Mean attempts per challenge attempted. */
  meanAttempts: number | null;
}

/** Challenges sent in the period per topic and level: how many were attempted and solved, in how many attempts. */
export async function solveRates(db: Knex, filters: Filters): Promise<SolveRate[]> {
  const range = scope(filters, 'first_sent_at');
  const rows = await select<Record<string, unknown>>(
    db,
    `SELECT topic, difficulty, COUNT(*) AS sent, SUM(attempts > 0) AS attempted, SUM(status = 'solved') AS solved,
       AVG(CASE WHEN attempts > 0 THEN attempts END) AS mean_attempts
     FROM learner_challenges WHERE ${range.sql} GROUP BY topic, difficulty ORDER BY topic, difficulty`,
    range.bindings,
  );
  return rows.map((row) => ({
    topic: String(row.topic),
    difficulty: String(row.difficulty),
    sent: num(row.sent),
    attempted: num(row.attempted),
    solved: num(row.solved),
    meanAttempts: numOrNull(row.mean_attempts),
  }));
}

const DAY_MS = 86_400_000;
/** Wrote (not only a scheduled send) on the school's day N after the day of their first message. */
const activeOnDay = (n: number) =>
  `EXISTS (SELECT 1 FROM insights_learner_days d WHERE d.phone = l.phone AND d.messages_in > 0
     AND d.day = DATE(l.first_seen_at + INTERVAL ? MINUTE) + INTERVAL ${n} DAY)`;

export interface Funnel {
  steps: FunnelStep[];
  drop: ReturnType<typeof biggestDrop>;
  /** Learners first seen in the period whose day 7 has ended (the funnel's population ends there). */
  until: Date;
}

/**
 * Learners whose first message is in the period and whose day 7 is over: how many got a first
 * challenge, a first right answer, and wrote again on day 7 (the school's 7th day after that of their first message).
 */
export async function funnel(db: Knex, filters: Filters): Promise<Funnel> {
  const until = new Date(Math.min(filters.to.getTime(), filters.now.getTime() - 8 * DAY_MS));
  const range = scope({ ...filters, to: until }, 'l.first_seen_at', 'l.phone');
  const [row = {}] = await select<Record<string, unknown>>(
    db,
    `SELECT COUNT(*) AS first_message,
       SUM(EXISTS (SELECT 1 FROM learner_challenges c WHERE c.phone = l.phone)) AS first_challenge,
       SUM(EXISTS (SELECT 1 FROM learner_challenges c WHERE c.phone = l.phone AND c.status = 'solved')) AS first_right,
       SUM(${activeOnDay(7)}) AS day_7
     FROM learners l WHERE ${range.sql}`,
    [filters.offsetMinutes, ...range.bindings],
  );
  const steps = [
    { label: 'first message', learners: num(row.first_message) },
    { label: 'first challenge', learners: num(row.first_challenge) },
    { label: 'first right answer', learners: num(row.first_right) },
    { label: 'active again on day 7', learners: num(row.day_7) },
  ];
  return { steps, drop: biggestDrop(steps), until };
}

export interface RetentionWeek {
  week: string;
  learners: number;
  /** Share active on day 1, 7 and 30 of those whose day is over; null while none is. */
  day1: number | null;
  day7: number | null;
  day30: number | null;
}

/** By the school's week of first contact: the share who wrote again on day 1, 7 and 30. */
export async function retention(db: Knex, filters: Filters): Promise<RetentionWeek[]> {
  const range = scope(filters, 'l.first_seen_at', 'l.phone');
  const over = (n: number) => `l.first_seen_at < ? - INTERVAL ${n + 1} DAY`;
  const rows = await select<Record<string, unknown>>(
    db,
    `SELECT ${schoolWeek('l.first_seen_at')} AS week, COUNT(*) AS learners,
       SUM(${over(1)}) AS due_1, SUM(${over(1)} AND ${activeOnDay(1)}) AS back_1,
       SUM(${over(7)}) AS due_7, SUM(${over(7)} AND ${activeOnDay(7)}) AS back_7,
       SUM(${over(30)}) AS due_30, SUM(${over(30)} AND ${activeOnDay(30)}) AS back_30
     FROM learners l WHERE ${range.sql} GROUP BY week ORDER BY week`,
    [
      filters.offsetMinutes,
      filters.offsetMinutes,
      ...[1, 7, 30].flatMap(() => [filters.now, filters.now, filters.offsetMinutes]),
      ...range.bindings,
    ],
  );
  const rate = (back: unknown, due: unknown) => (num(due) === 0 ? null : num(back) / num(due));
  return rows.map((row) => ({
    week: String(row.week),
    learners: num(row.learners),
    day1: rate(row.back_1, row.due_1),
    day7: rate(row.back_7, row.due_7),
    day30: rate(row.back_30, row.due_30),
  }));
}
