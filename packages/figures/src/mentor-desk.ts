import { median } from '@datadrill/core';
import type { Knex } from 'knex';
import { cohortOnly, type Filters, num, schoolWeek, scope, select } from './scope.js';

export interface DeskNow {
  open: number;
  unanswered: number;
  oldestOpenAt: Date | null;
  /** Mentors' answers held back by WhatsApp's 24-hour window, waiting for the learner's next message. */
  held: number;
}

/** The desk as it stands now (not filtered by the period). */
export async function deskNow(db: Knex, filters: Filters): Promise<DeskNow> {
  const cohort = cohortOnly(filters, 't.phone');
  const [tickets = {}] = await select<Record<string, unknown>>(
    db,
    `SELECT COUNT(*) AS open, SUM(first_answered_at IS NULL) AS unanswered, MIN(created_at) AS oldest
     FROM tickets t WHERE status = 'open' AND ${cohort.sql}`,
    cohort.bindings,
  );
  const [held = {}] = await select<Record<string, unknown>>(
    db,
    `SELECT COUNT(*) AS held FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
     WHERE m.kind = 'answer' AND m.status = 'held' AND ${cohort.sql}`,
    cohort.bindings,
  );
  return {
    open: num(tickets.open),
    unanswered: num(tickets.unanswered),
    oldestOpenAt: tickets.oldest ? new Date(tickets.oldest as Date) : null,
    held: num(held.held),
  };
}

export interface DeskWeek {
  week: string;
  opened: number;
  answered: number;
  /** Median time from the ticket to its first answer, of the week's answered tickets. */
  medianWaitMs: number | null;
  /** Answers held by the 24-hour window at some point. */
  held: number;
}

/** Tickets opened in each of the school's weeks: answered, the median wait, answers held by the window. */
export async function deskByWeek(db: Knex, filters: Filters): Promise<DeskWeek[]> {
  const range = scope(filters, 'created_at');
  const waits = await select<{ week: string; wait_ms: unknown }>(
    db,
    `SELECT ${schoolWeek('created_at', filters.spans)} AS week,
       TIMESTAMPDIFF(MICROSECOND, created_at, first_answered_at) DIV 1000 AS wait_ms
     FROM tickets WHERE ${range.sql}`,
    range.bindings,
  );
  const heldRange = scope(filters, 't.created_at', 't.phone');
  const held = await select<{ week: string; held: unknown }>(
    db,
    `SELECT ${schoolWeek('t.created_at', filters.spans)} AS week, COUNT(DISTINCT m.id) AS held
     FROM tickets t JOIN ticket_messages m ON m.ticket_id = t.id AND m.kind = 'answer' AND m.held_at IS NOT NULL
     WHERE ${heldRange.sql} GROUP BY week`,
    heldRange.bindings,
  );
  const weeks = new Map<string, { opened: number; waits: number[] }>();
  for (const row of waits) {
    const week = weeks.get(row.week) ?? { opened: 0, waits: [] };
    week.opened += 1;
    if (row.wait_ms !== null) week.waits.push(num(row.wait_ms));
    weeks.set(row.week, week);
  }
  const heldBy = new Map(held.map((row) => [row.week, num(row.held)]));
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, { opened, waits: list }]) => ({
      week,
      opened,
      answered: list.length,
      medianWaitMs: median(list),
      held: heldBy.get(week) ?? 0,
    }));
}

/** The median wait over the whole period, and how many were answered. */
export async function medianWait(
  db: Knex,
  filters: Filters,
): Promise<{ medianWaitMs: number | null; answered: number }> {
  const range = scope(filters, 'created_at');
  const rows = await select<{ wait_ms: unknown }>(
    db,
    `SELECT TIMESTAMPDIFF(MICROSECOND, created_at, first_answered_at) DIV 1000 AS wait_ms
     FROM tickets WHERE ${range.sql} AND first_answered_at IS NOT NULL`,
    range.bindings,
  );
  return { medianWaitMs: median(rows.map((row) => num(row.wait_ms))), answered: rows.length };
}

/** Tickets per challenge (the learner's last challenge when they asked), most asked first. */
export async function questionsPerChallenge(
  db: Knex,
  filters: Filters,
  count = 15,
): Promise<Array<{ code: string; tickets: number }>> {
  const range = scope(filters, 'created_at');
  const rows = await select<{ code: string; tickets: unknown }>(
    db,
    `SELECT challenge_code AS code, COUNT(*) AS tickets FROM tickets
     WHERE ${range.sql} AND challenge_code IS NOT NULL GROUP BY challenge_code ORDER BY tickets DESC, code LIMIT ?`,
    [...range.bindings, count],
  );
  return rows.map((row) => ({ code: row.code, tickets: num(row.tickets) }));
}
