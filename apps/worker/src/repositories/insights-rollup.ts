import { addDays, offsetSpans, schoolDay, startOfDay, zoneOffsetMinutes } from '@datadrill/core';
import { localDate } from '@datadrill/figures';
import type { Knex } from 'knex';
import { dropErased, rollUpLearners } from './insights-learner-rollup.js';

/**
 * The dashboard's summaries (migrations 013 and 014), rolled up from the log: the school's days from
 * the day before the last roll-up onwards (late delivery reports change yesterday's figures) and the
 * learners active since then, or everything when there is no roll-up yet or SCHOOL_TIMEZONE changed. Each row is put on its own
 * local day (the offset in force at its instant), so a DST change neither shifts history nor
 * rebuilds it. Deletes and inserts in one READ COMMITTED transaction, so the roll-up reads the log
 * without locking the bot's rows.
 */
const SCHEDULED = `('daily-send', 'remind')`;
const CHALLENGE = `('challenge', 'daily_challenge')`;
const ROLLUP = 'daily';
const SUMMARIES = ['insights_learner_days', 'insights_counts', 'insights_challenge_days'];
const DAY_MS = 86_400_000;

const cohortOf = `COALESCE(r.cohort, '')`;

/** Each statement fills part of a summary from `since` (its one binding); `day` buckets a column. */
const STATEMENTS: Array<(day: (column: string) => string) => string> = [
  (day) => `INSERT INTO insights_learner_days (day, phone, messages_in, challenges_sent, limited, undelivered)
   SELECT ${day('created_at')} AS d, phone, SUM(command NOT IN ${SCHEDULED}),
     SUM(outcome IN ${CHALLENGE} AND status <> 'failed'), SUM(outcome = 'limited'),
     SUM(outcome IN ${CHALLENGE} AND status = 'failed')
   FROM interactions WHERE created_at >= ? GROUP BY d, phone`,
  (day) => `INSERT INTO insights_counts (day, cohort, metric, item, n)
   SELECT ${day('i.created_at')} AS d, ${cohortOf} AS c, 'in', i.command, COUNT(*)
   FROM interactions i LEFT JOIN roster r ON r.phone = i.phone
   WHERE i.created_at >= ? AND i.command NOT IN ${SCHEDULED} GROUP BY d, c, i.command`,
  (day) => `INSERT INTO insights_counts (day, cohort, metric, item, n)
   SELECT ${day('i.created_at')} AS d, ${cohortOf} AS c, 'demand', CONCAT(i.topic, '|', i.difficulty, '|', i.outcome) AS k, COUNT(*)
   FROM interactions i LEFT JOIN roster r ON r.phone = i.phone
   WHERE i.created_at >= ? AND i.outcome IN ('challenge', 'daily_challenge', 'limited', 'empty_cell')
     AND i.topic IS NOT NULL AND i.difficulty IS NOT NULL
   GROUP BY d, c, k`,
  (day) => `INSERT INTO insights_counts (day, cohort, metric, item, n, amount)
   SELECT ${day('o.created_at')} AS d, ${cohortOf} AS c, 'out',
     CONCAT(CASE WHEN o.content_sid IS NOT NULL THEN 'template' WHEN o.initiated_by = 'learner' THEN 'session reply'
       ELSE 'session, bot-started' END, '|', COALESCE(o.price_unit, '')) AS k, COUNT(*), SUM(ABS(o.price))
   FROM outbound_messages o LEFT JOIN roster r ON r.phone = SUBSTRING(o.to_address, 11)
   WHERE o.created_at >= ? GROUP BY d, c, k`,
  (day) => `INSERT INTO insights_counts (day, cohort, metric, item, n)
   SELECT ${day('o.created_at')} AS d, ${cohortOf} AS c, 'failed',
     CONCAT(COALESCE(o.error_code, ''), '|', IF(o.twilio_sid IS NULL, 'refused', 'undelivered')) AS k, COUNT(*)
   FROM outbound_messages o LEFT JOIN roster r ON r.phone = SUBSTRING(o.to_address, 11)
   WHERE o.created_at >= ? AND o.status = 'failed' GROUP BY d, c, k`,
  (
    day,
  ) => `INSERT INTO insights_challenge_days (day, cohort, challenge_code, first_attempts, first_right, answers, unreadable, hints)
   SELECT ${day('a.created_at')} AS d, ${cohortOf} AS c, a.challenge_code, SUM(a.attempt_no <=> 1),
     SUM(a.attempt_no <=> 1 AND a.verdict = 'right'), COUNT(*), SUM(a.verdict = 'unreadable'), 0
   FROM attempts a LEFT JOIN roster r ON r.phone = a.phone
   WHERE a.created_at >= ? GROUP BY d, c, a.challenge_code`,
  (
    day,
  ) => `INSERT INTO insights_challenge_days (day, cohort, challenge_code, first_attempts, first_right, answers, unreadable, hints)
   SELECT * FROM (
     SELECT ${day('i.created_at')} AS d, ${cohortOf} AS c, i.challenge_code, 0 AS fa, 0 AS fr, 0 AS an, 0 AS un, COUNT(*) AS h
     FROM interactions i LEFT JOIN roster r ON r.phone = i.phone
     WHERE i.created_at >= ? AND i.outcome = 'hint' AND i.challenge_code IS NOT NULL GROUP BY d, c, i.challenge_code) h
   ON DUPLICATE KEY UPDATE hints = h.h`,
];

export interface RollupResult {
  fromDay: string;
  full: boolean;
}

export async function rollUpInsights(
  db: Knex,
  options: { zone: string; now: Date; full?: boolean },
): Promise<RollupResult> {
  const { zone, now } = options;
  const [last] = await db('insights_rollups').where({ name: ROLLUP }).select('zone', 'rolled_at');
  const full = options.full === true || !last || last.zone !== zone;
  const first = await earliest(db);
  const fromDay = full
    ? schoolDay(zone, first.interaction ?? now)
    : addDays(schoolDay(zone, new Date(last.rolled_at)), -1);
  const since = startOfDay(fromDay, zone);
  // Rows written while this runs are bucketed too (by the last offset): a day beyond now is enough.
  const horizon = new Date(now.getTime() + DAY_MS);
  const spans = offsetSpans(zone, since, horizon);
  const day = (column: string) => localDate(column, spans);
  // A learner's first day may be long before `since`: their first contact's offset is looked up over all of history.
  const historySpans = offsetSpans(
    zone,
    new Date(Math.min(since.getTime(), (first.learner ?? now).getTime())),
    horizon,
  );
  await db.transaction(
    async (trx) => {
      // A full rebuild empties them: in another zone, a day before `fromDay` may hold rows too.
      for (const table of SUMMARIES) await (full ? trx(table) : trx(table).where('day', '>=', fromDay)).delete();
      for (const statement of STATEMENTS) await trx.raw(statement(day), [since]);
      // After the learner days: a learner's return on day 1, 7 and 30 is read from them.
      await rollUpLearners(trx, { since: full ? null : since, spans: historySpans });
      if (!full) await dropErased(trx, fromDay);
      await trx.raw(
        `INSERT INTO insights_rollups (name, offset_minutes, zone, from_day, rolled_at) VALUES (?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE offset_minutes = VALUES(offset_minutes), zone = VALUES(zone),
           from_day = VALUES(from_day), rolled_at = VALUES(rolled_at)`,
        [ROLLUP, zoneOffsetMinutes(zone, now), zone, fromDay, now],
      );
    },
    { isolationLevel: 'read committed' },
  );
  return { fromDay, full };
}

/** The first interaction and the first learner's first contact, if any (two index lookups). */
async function earliest(db: Knex): Promise<{ interaction: Date | undefined; learner: Date | undefined }> {
  const [[row]] = (await db.raw(
    `SELECT (SELECT MIN(created_at) FROM interactions) AS interaction, (SELECT MIN(first_seen_at) FROM learners) AS learner`,
  )) as unknown as [[{ interaction: Date | null; learner: Date | null }]];
  return { interaction: row?.interaction ?? undefined, learner: row?.learner ?? undefined };
}
