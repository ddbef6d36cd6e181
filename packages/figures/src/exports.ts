import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { maskName, maskPhone, maskPhonesIn } from '@datadrill/core';
import { stringify } from 'csv-stringify';
import type { Knex } from 'knex';
import { challengeFigures } from './challenges.js';
import { type Filters, type Fragment, scope } from './scope.js';

interface TableExport {
  columns: string[];
  /** Columns holding a number, masked unless numbers are shown. */
  phones: string[];
  /** Free text in which a number may appear (a learner's message), masked the same way. */
  texts: string[];
  /** Learners' names, cut to an initial unless numbers are shown (as on the pages). */
  names: string[];
  query: (db: Knex, filters: Filters) => Knex.QueryBuilder;
}

const ranged = (db: Knex, table: string, columns: string[], range: Fragment, order: string) =>
  db
    .select(columns)
    .from(table)
    .whereRaw(range.sql, range.bindings as Knex.RawBinding[])
    .orderByRaw(order);

const INTERACTIONS = 'id created_at phone via command topic difficulty outcome counted challenge_code status keywords';
const ATTEMPTS = 'id created_at interaction_id phone challenge_code attempt_no verdict via parsed text';
const LEARNERS =
  'phone name cohort first_seen_at last_seen_at timezone streak_current streak_best opted_out_at daily_time';
const TICKETS = 'id created_at phone status challenge_code first_answered_at closed_at closed_by question';
const MESSAGES = 'id created_at to_address status error_code initiated_by content_sid price price_unit';
const list = (columns: string) => columns.split(' ');
/** An outbound message's learner: its address without `whatsapp:+`. */
const OUT_PHONE = 'SUBSTRING(to_address, 11)';

/** Learners seen in the period (first message before its end, last one after its start), with their roster entry. */
function learnersSeen(db: Knex, f: Filters): Knex.QueryBuilder {
  const cohort = f.cohort === null ? '' : ' AND r.cohort = ?';
  const own = new Set(['name', 'cohort']);
  return db
    .select(list(LEARNERS).map((column) => (own.has(column) ? `r.${column}` : `l.${column}`)))
    .from('learners as l')
    .leftJoin('roster as r', 'r.phone', 'l.phone')
    .whereRaw(
      `l.first_seen_at < ? AND l.last_seen_at >= ?${cohort}`,
      f.cohort === null ? [f.to, f.from] : [f.to, f.from, f.cohort],
    )
    .orderBy('l.first_seen_at');
}

/** The tables a school downloads, each a row per record of the period, oldest first. */
export const EXPORTS: Record<'interactions' | 'attempts' | 'learners' | 'tickets' | 'messages', TableExport> = {
  interactions: {
    columns: list(INTERACTIONS),
    phones: ['phone'],
    texts: ['keywords'],
    names: [],
    query: (db, f) => ranged(db, 'interactions', list(INTERACTIONS), scope(f, 'created_at'), 'created_at, id'),
  },
  attempts: {
    columns: list(ATTEMPTS),
    phones: ['phone'],
    texts: ['text', 'parsed'],
    names: [],
    query: (db, f) => ranged(db, 'attempts', list(ATTEMPTS), scope(f, 'created_at'), 'created_at, id'),
  },
  learners: { columns: list(LEARNERS), phones: ['phone'], texts: [], names: ['name'], query: learnersSeen },
  tickets: {
    columns: list(TICKETS),
    phones: ['phone'],
    texts: ['question'],
    names: [],
    query: (db, f) => ranged(db, 'tickets', list(TICKETS), scope(f, 'created_at'), 'created_at, id'),
  },
  messages: {
    columns: list(MESSAGES),
    phones: ['to_address'],
    texts: [],
    names: [],
    query: (db, f) =>
      ranged(db, 'outbound_messages', list(MESSAGES), scope(f, 'created_at', OUT_PHONE), 'created_at, id'),
  },
};

export type ExportName = keyof typeof EXPORTS | 'challenges';
export const EXPORT_NAMES: readonly ExportName[] = [...(Object.keys(EXPORTS) as ExportName[]), 'challenges'];

const CHALLENGE_COLUMNS = list(
  'code topic difficulty title sent attempted firstAttempts firstRight meanAttempts hints revealedBeforeAnswering answers unreadable flags',
);

/** What a spreadsheet would run as a formula when a cell starts with it (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (Twilio's negative prices): no formula, and kept a number. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV cell: dates as ISO instants; text that a spreadsheet would take for a formula (a learner
 * can write `=HYPERLINK(…)`) behind a single quote, so it opens as the text it is.
 */
export function csvCell(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)) return `'${value}`;
  return value;
}

/**
 * Streams one table as CSV into `output`: rows come from MySQL as they are read and leave as they are
 * encoded, with backpressure end to end, so a million rows pass through a few hundred kilobytes.
 */
export async function streamExport(
  db: Knex,
  name: ExportName,
  filters: Filters,
  options: { showNumbers: boolean },
  output: NodeJS.WritableStream,
): Promise<void> {
  if (name === 'challenges') {
    const rows = await challengeFigures(db, filters);
    const csv = stringify({ header: true, columns: CHALLENGE_COLUMNS });
    const writing = pipeline(csv, output);
    for (const row of rows) {
      const cells: Record<string, unknown> = { ...row, flags: row.flags.join('; ') };
      for (const column of CHALLENGE_COLUMNS) cells[column] = csvCell(cells[column]);
      csv.write(cells);
    }
    csv.end();
    return writing;
  }
  const table: TableExport = EXPORTS[name];
  const maskOf = (column: string): ((text: string) => string) | undefined => {
    if (options.showNumbers) return undefined;
    if (table.phones.includes(column)) return maskPhone;
    if (table.texts.includes(column)) return maskPhonesIn;
    return table.names.includes(column) ? maskName : undefined;
  };
  const columns = table.columns.map((column) => ({ column, mask: maskOf(column) }));
  const mask = (row: Record<string, unknown>) => {
    const cells: Record<string, unknown> = {};
    for (const { column, mask } of columns) {
      const value = row[column];
      cells[column] = csvCell(mask && typeof value === 'string' ? mask(value) : value);
    }
    return cells;
  };
  const rows: Readable = table.query(db, filters).stream();
  await pipeline(
    rows,
    async function* (source: AsyncIterable<Record<string, unknown>>) {
      for await (const row of source) yield mask(row);
    },
    stringify({ header: true, columns: table.columns }),
    output,
  );
}
