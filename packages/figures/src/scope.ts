import type { OffsetSpan } from '@datadrill/core';
import type { Knex } from 'knex';

/** What every figure is filtered by: a period, a cohort, and the school's days. */
export interface Filters {
  /** The period [from, to), as instants: from the school's midnight of the first day to that after the last. */
  from: Date;
  to: Date;
  /** The same period as the school's days, first and last included (the daily summaries' keys). */
  fromDay: string;
  toDay: string;
  /** A cohort's name (the roster's `cohort`), or null for every learner. */
  cohort: string | null;
  /** Minutes east of UTC of the school's zone at the period's end (what the pages say it is). */
  offsetMinutes: number;
  /** The zone's offsets over the period: a row read live is put on its school day by its own instant's offset. */
  spans: OffsetSpan[];
  /** When the figures are computed: a day still to come is "not yet", not zero. */
  now: Date;
}

export interface Fragment {
  sql: string;
  bindings: unknown[];
}

/**
 * `column` within the period and, with a cohort, `phone` among the cohort's learners. Column names
 * come from the figures' code, never from a request; every value is a binding.
 */
export function scope(filters: Filters, column: string, phone = 'phone'): Fragment {
  const cohort = filters.cohort === null ? '' : ` AND ${phone} IN (SELECT phone FROM roster WHERE cohort = ?)`;
  return {
    sql: `${column} >= ? AND ${column} < ?${cohort}`,
    bindings: filters.cohort === null ? [filters.from, filters.to] : [filters.from, filters.to, filters.cohort],
  };
}

/** A daily summary's `day` within the period and, with a cohort, the summary's own cohort column. */
export function days(filters: Filters, cohortColumn: string | null = 'cohort'): Fragment {
  const cohort = filters.cohort === null || cohortColumn === null ? '' : ` AND ${cohortColumn} = ?`;
  return {
    sql: `day >= ? AND day <= ?${cohort}`,
    bindings: cohort ? [filters.fromDay, filters.toDay, filters.cohort] : [filters.fromDay, filters.toDay],
  };
}

/** `insights_learner_days` within the period and, with a cohort, its learners among the cohort's (as now). */
export function learnerDays(filters: Filters): Fragment {
  const range = days(filters, null);
  return filters.cohort === null
    ? range
    : {
        sql: `${range.sql} AND phone IN (SELECT phone FROM roster WHERE cohort = ?)`,
        bindings: [...range.bindings, filters.cohort],
      };
}

/** Only the cohort part of `scope`, for figures about now rather than a period. */
export function cohortOnly(filters: Filters, phone = 'phone'): Fragment {
  return filters.cohort === null
    ? { sql: '1 = 1', bindings: [] }
    : { sql: `${phone} IN (SELECT phone FROM roster WHERE cohort = ?)`, bindings: [filters.cohort] };
}

/** A summary's day, as YYYY-MM-DD, and the Monday of its week. */
export const dayText = `DATE_FORMAT(day, '%Y-%m-%d')`;
export const weekText = `DATE_FORMAT(day - INTERVAL WEEKDAY(day) DAY, '%Y-%m-%d')`;

const utcLiteral = (at: Date) => `'${at.toISOString().slice(0, 23).replace('T', ' ')}'`;

/**
 * The school's day of a UTC DATETIME `column`, each row by the offset in force at its own instant
 * (MariaDB's CONVERT_TZ needs time zone tables a server rarely has). The spans are computed, never
 * read from a request, so they are written into the statement as literals.
 */
export function localDate(column: string, spans: readonly OffsetSpan[]): string {
  const minutes = spans.map((span) => {
    if (!Number.isInteger(span.offsetMinutes)) throw new Error('an offset is whole minutes');
    return span.offsetMinutes;
  });
  if (spans.length <= 1) return `DATE(${column} + INTERVAL ${minutes[0] ?? 0} MINUTE)`;
  const cases = spans
    .slice(1)
    .map((span, i) => `WHEN ${column} < ${utcLiteral(span.from)} THEN ${minutes[i]}`)
    .join(' ');
  return `DATE(${column} + INTERVAL CASE ${cases} ELSE ${minutes.at(-1)} END MINUTE)`;
}

/** The Monday of the school's week of `column`, as YYYY-MM-DD. */
export const schoolWeek = (column: string, spans: readonly OffsetSpan[]) => {
  const day = localDate(column, spans);
  return `DATE_FORMAT(${day} - INTERVAL WEEKDAY(${day}) DAY, '%Y-%m-%d')`;
};

/** The rows of one statement. */
export async function select<T>(db: Knex, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const [rows] = (await db.raw(sql, bindings as Knex.RawBinding[])) as unknown as [T[]];
  return rows;
}

/** MySQL's SUM and AVG come back as DECIMAL strings, COUNT as a number: one number either way. */
export function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
