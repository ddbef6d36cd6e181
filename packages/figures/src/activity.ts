import type { Knex } from 'knex';
import { days, dayText, type Filters, learnerDays, num, select, weekText } from './scope.js';

export interface ActivityDay {
  day: string;
  learners: number;
  messagesIn: number;
  challengesSent: number;
  limited: number;
  undelivered: number;
}

/** Per school day: learners who wrote, their messages, challenges sent, refused by the limit, undelivered. */
export async function activityByDay(db: Knex, filters: Filters): Promise<ActivityDay[]> {
  const range = learnerDays(filters);
  const rows = await select<Record<string, unknown>>(
    db,
    `SELECT ${dayText} AS day, SUM(messages_in > 0) AS learners, SUM(messages_in) AS messages_in,
       SUM(challenges_sent) AS challenges_sent, SUM(limited) AS limited, SUM(undelivered) AS undelivered
     FROM insights_learner_days WHERE ${range.sql} GROUP BY day ORDER BY day`,
    range.bindings,
  );
  return rows.map((row) => ({
    day: String(row.day),
    learners: num(row.learners),
    messagesIn: num(row.messages_in),
    challengesSent: num(row.challenges_sent),
    limited: num(row.limited),
    undelivered: num(row.undelivered),
  }));
}

/** Learners who wrote at least once in each of the school's weeks (Monday to Sunday) of the period. */
export async function weeklyActive(db: Knex, filters: Filters): Promise<Array<{ week: string; learners: number }>> {
  const range = learnerDays(filters);
  const rows = await select<{ week: string; learners: unknown }>(
    db,
    `SELECT ${weekText} AS week, COUNT(DISTINCT phone) AS learners
     FROM insights_learner_days WHERE ${range.sql} AND messages_in > 0 GROUP BY week ORDER BY week`,
    range.bindings,
  );
  return rows.map((row) => ({ week: String(row.week), learners: num(row.learners) }));
}

/** Rows of one metric of `insights_counts` in the period, summed over days (or per day). */
export async function counts(
  db: Knex,
  filters: Filters,
  metric: string,
  perDay = false,
): Promise<Array<{ day: string; item: string; n: number; amount: number | null }>> {
  const range = days(filters);
  const rows = await select<{ day: string; item: string; n: unknown; amount: unknown }>(
    db,
    `SELECT ${perDay ? dayText : `''`} AS day, item, SUM(n) AS n, SUM(amount) AS amount
     FROM insights_counts WHERE ${range.sql} AND metric = ? GROUP BY ${perDay ? 'day, ' : ''}item ORDER BY ${perDay ? 'day, ' : ''}n DESC, item`,
    [...range.bindings, metric],
  );
  return rows.map((row) => ({
    day: String(row.day),
    item: row.item,
    n: num(row.n),
    amount: row.amount === null ? null : num(row.amount),
  }));
}

/** Messages in by what the bot read them as (the command). */
export async function messagesInByKind(db: Knex, filters: Filters): Promise<Array<{ kind: string; messages: number }>> {
  return (await counts(db, filters, 'in')).map((row) => ({ kind: row.item, messages: row.n }));
}

export interface OutboundDay {
  day: string;
  replies: number;
  botStarted: number;
  templates: number;
}

/** Messages out per day: replies to a learner's message, messages the bot started, approved templates. */
export async function messagesOutByDay(db: Knex, filters: Filters): Promise<OutboundDay[]> {
  const byDay = new Map<string, OutboundDay>();
  for (const row of await counts(db, filters, 'out', true)) {
    const entry = byDay.get(row.day) ?? { day: row.day, replies: 0, botStarted: 0, templates: 0 };
    const category = row.item.split('|')[0];
    if (category === 'template') entry.templates += row.n;
    else if (category === 'session reply') entry.replies += row.n;
    else entry.botStarted += row.n;
    byDay.set(row.day, entry);
  }
  return [...byDay.values()];
}
