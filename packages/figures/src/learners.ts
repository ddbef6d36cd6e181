import { STUCK_AFTER_STREAK, STUCK_MISSES_IN_A_ROW, STUCK_SILENT_DAYS } from '@datadrill/core';
import type { Knex } from 'knex';
import { type Filters, num, scope, select } from './scope.js';

export interface StuckLearner {
  phone: string;
  name: string | null;
  reason: string;
  /** When it was last seen to be so: the last miss, or the last message. */
  at: Date;
}

const STUCK_SHOWN = 200;

/**
 * Learners whose last 3 or more finished challenges in a topic were all missed, as things stand now
 * (the roll-up's `insights_learner_topics`), the last of them in the period.
 */
export async function stuckByMisses(db: Knex, filters: Filters): Promise<{ total: number; learners: StuckLearner[] }> {
  const range = scope(filters, 't.last_finished_at', 't.phone');
  const rows = await select<{ phone: string; name: string | null; topic: string; misses: number; at: Date }>(
    db,
    `SELECT t.phone, r.name, t.topic, t.misses_in_a_row AS misses, t.last_finished_at AS at
     FROM insights_learner_topics t LEFT JOIN roster r ON r.phone = t.phone
     WHERE ${range.sql} AND t.misses_in_a_row >= ? ORDER BY t.last_finished_at DESC`,
    [...range.bindings, STUCK_MISSES_IN_A_ROW],
  );
  return {
    total: rows.length,
    learners: rows.slice(0, STUCK_SHOWN).map((row) => ({
      phone: row.phone,
      name: row.name,
      reason: `${row.misses} ${row.topic} challenges missed in a row`,
      at: new Date(row.at),
    })),
  };
}

/** Learners last seen in the period, at least 7 days before its end, on a streak of 3 days or more. */
export async function stuckSilent(db: Knex, filters: Filters): Promise<{ total: number; learners: StuckLearner[] }> {
  const end = new Date(Math.min(filters.to.getTime(), filters.now.getTime()) - STUCK_SILENT_DAYS * 86_400_000);
  const range = scope({ ...filters, to: end }, 'l.last_seen_at', 'l.phone');
  const rows = await select<{ phone: string; name: string | null; streak: number; at: Date }>(
    db,
    `SELECT l.phone, r.name, l.streak_current AS streak, l.last_seen_at AS at
     FROM learners l LEFT JOIN roster r ON r.phone = l.phone
     WHERE ${range.sql} AND l.streak_current >= ? ORDER BY l.last_seen_at DESC`,
    [...range.bindings, STUCK_AFTER_STREAK],
  );
  return {
    total: rows.length,
    learners: rows.slice(0, STUCK_SHOWN).map((row) => ({
      phone: row.phone,
      name: row.name,
      reason: `silent ${STUCK_SILENT_DAYS}+ days after a ${row.streak}-day streak`,
      at: new Date(row.at),
    })),
  };
}

export interface StreakRow {
  phone: string;
  name: string | null;
  best: number;
  current: number;
  lastDay: string | null;
}

/** The best streaks among learners seen in the period. */
export async function topStreaks(db: Knex, filters: Filters, count = 20): Promise<StreakRow[]> {
  const range = scope(filters, 'l.last_seen_at', 'l.phone');
  const rows = await select<Record<string, unknown>>(
    db,
    `SELECT l.phone, r.name, l.streak_best, l.streak_current, DATE_FORMAT(l.streak_day, '%Y-%m-%d') AS streak_day
     FROM learners l LEFT JOIN roster r ON r.phone = l.phone
     WHERE ${range.sql} AND l.streak_best > 0 ORDER BY l.streak_best DESC, l.streak_current DESC LIMIT ?`,
    [...range.bindings, count],
  );
  return rows.map((row) => ({
    phone: String(row.phone),
    name: (row.name as string | null) ?? null,
    best: num(row.streak_best),
    current: num(row.streak_current),
    lastDay: (row.streak_day as string | null) ?? null,
  }));
}

/** Cohorts to filter by: the roster's, and those with join codes. */
export async function cohorts(db: Knex): Promise<string[]> {
  const rows = await select<{ cohort: string }>(
    db,
    `SELECT cohort FROM (SELECT DISTINCT cohort FROM roster WHERE cohort IS NOT NULL UNION SELECT name FROM cohorts) c
     ORDER BY cohort`,
    [],
  );
  return rows.map((row) => row.cohort);
}
