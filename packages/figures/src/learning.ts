import { biggestDrop, type FunnelStep } from '@datadrill/core';
import type { Knex } from 'knex';
import { type Filters, num, numOrNull, scope, select } from './scope.js';

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

export interface Funnel {
  steps: FunnelStep[];
  drop: ReturnType<typeof biggestDrop>;
  /** Learners first seen in the period whose day 7 has ended (the funnel's population ends there). */
  until: Date;
}

/**
 * Learners whose first message is in the period and whose day 7 is over: how many got a first
 * challenge, a first right answer, and wrote again on day 7 (the school's 7th day after that of their
 * first message). One row per learner from the roll-up's `insights_learners`, read by a covering index.
 */
export async function funnel(db: Knex, filters: Filters): Promise<Funnel> {
  const until = new Date(Math.min(filters.to.getTime(), filters.now.getTime() - 8 * DAY_MS));
  const range = scope({ ...filters, to: until }, 'first_seen_at');
  const [row = {}] = await select<Record<string, unknown>>(
    db,
    `SELECT COUNT(*) AS first_message, COUNT(first_challenge_at) AS first_challenge, COUNT(first_right_at) AS first_right,
       SUM(back_day_7) AS day_7
     FROM insights_learners WHERE ${range.sql}`,
    range.bindings,
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

/** By the school's week of first contact: the share who wrote again on day 1, 7 and 30 (from `insights_learners`). */
export async function retention(db: Knex, filters: Filters): Promise<RetentionWeek[]> {
  const range = scope(filters, 'first_seen_at');
  const over = (n: number) => `first_seen_at < ? - INTERVAL ${n + 1} DAY`;
  const rows = await select<Record<string, unknown>>(
    db,
    `SELECT DATE_FORMAT(first_day - INTERVAL WEEKDAY(first_day) DAY, '%Y-%m-%d') AS week, COUNT(*) AS learners,
       SUM(${over(1)}) AS due_1, SUM(${over(1)} AND back_day_1) AS back_1,
       SUM(${over(7)}) AS due_7, SUM(${over(7)} AND back_day_7) AS back_7,
       SUM(${over(30)}) AS due_30, SUM(${over(30)} AND back_day_30) AS back_30
     FROM insights_learners WHERE ${range.sql} GROUP BY week ORDER BY week`,
    [...[1, 7, 30].flatMap(() => [filters.now, filters.now]), ...range.bindings],
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
