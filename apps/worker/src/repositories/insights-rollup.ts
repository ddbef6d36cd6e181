import type { Knex } from 'knex';

/**
 * The dashboard's daily summaries (migration 013), rolled up from the log: the school's days from
 * the day before the last roll-up onwards (late delivery reports change yesterday's figures), or
 * every day when there is no roll-up yet or the school's zone offset changed. Deletes and inserts
 * in one READ COMMITTED transaction, so the roll-up reads the log without locking the bot's rows.
 */
const SCHEDULED = `('daily-send', 'remind')`;
const CHALLENGE = `('challenge', 'daily_challenge')`;
const ROLLUP = 'daily';
const SUMMARIES = ['insights_learner_days', 'insights_counts', 'insights_challenge_days'];

const day = (column: string) => `DATE(${column} + INTERVAL ? MINUTE)`;
const cohortOf = `COALESCE(r.cohort, '')`;

/** Each statement fills part of a summary from `since`; bindings: the offset, then the instant. */
const STATEMENTS = [
  `INSERT INTO insights_learner_days (day, phone, messages_in, challenges_sent, limited, undelivered)
   SELECT ${day('created_at')} AS d, phone, SUM(command NOT IN ${SCHEDULED}),
     SUM(outcome IN ${CHALLENGE} AND status <> 'failed'), SUM(outcome = 'limited'),
     SUM(outcome IN ${CHALLENGE} AND status = 'failed')
   FROM interactions WHERE created_at >= ? GROUP BY d, phone`,
  `INSERT INTO insights_counts (day, cohort, metric, item, n)
   SELECT ${day('i.created_at')} AS d, ${cohortOf} AS c, 'in', i.command, COUNT(*)
   FROM interactions i LEFT JOIN roster r ON r.phone = i.phone
   WHERE i.created_at >= ? AND i.command NOT IN ${SCHEDULED} GROUP BY d, c, i.command`,
  `INSERT INTO insights_counts (day, cohort, metric, item, n)
   SELECT ${day('i.created_at')} AS d, ${cohortOf} AS c, 'demand', CONCAT(i.topic, '|', i.difficulty, '|', i.outcome) AS k, COUNT(*)
   FROM interactions i LEFT JOIN roster r ON r.phone = i.phone
   WHERE i.created_at >= ? AND i.outcome IN ('challenge', 'daily_challenge', 'limited', 'empty_cell')
     AND i.topic IS NOT NULL AND i.difficulty IS NOT NULL
   GROUP BY d, c, k`,
  `INSERT INTO insights_counts (day, cohort, metric, item, n, amount)
   SELECT ${day('o.created_at')} AS d, ${cohortOf} AS c, 'out',
     CONCAT(CASE WHEN o.content_sid IS NOT NULL THEN 'template' WHEN o.initiated_by = 'learner' THEN 'session reply'
       ELSE 'session, bot-started' END, '|', COALESCE(o.price_unit, '')) AS k, COUNT(*), SUM(ABS(o.price))
   FROM outbound_messages o LEFT JOIN roster r ON r.phone = SUBSTRING(o.to_address, 11)
   WHERE o.created_at >= ? GROUP BY d, c, k`,
  `INSERT INTO insights_counts (day, cohort, metric, item, n)
   SELECT ${day('o.created_at')} AS d, ${cohortOf} AS c, 'failed',
     CONCAT(COALESCE(o.error_code, ''), '|', IF(o.twilio_sid IS NULL, 'refused', 'undelivered')) AS k, COUNT(*)
   FROM outbound_messages o LEFT JOIN roster r ON r.phone = SUBSTRING(o.to_address, 11)
   WHERE o.created_at >= ? AND o.status = 'failed' GROUP BY d, c, k`,
  `INSERT INTO insights_challenge_days (day, cohort, challenge_code, first_attempts, first_right, answers, unreadable, hints)
   SELECT ${day('a.created_at')} AS d, ${cohortOf} AS c, a.challenge_code, SUM(a.attempt_no <=> 1),
     SUM(a.attempt_no <=> 1 AND a.verdict = 'right'), COUNT(*), SUM(a.verdict = 'unreadable'), 0
   FROM attempts a LEFT JOIN roster r ON r.phone = a.phone
   WHERE a.created_at >= ? GROUP BY d, c, a.challenge_code`,
  `INSERT INTO insights_challenge_days (day, cohort, challenge_code, first_attempts, first_right, answers, unreadable, hints)
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
  options: { offsetMinutes: number; now: Date; full?: boolean },
): Promise<RollupResult> {
  const [last] = await db('insights_rollups').where({ name: ROLLUP }).select('offset_minutes', 'rolled_at');
  const full = options.full === true || !last || Number(last.offset_minutes) !== options.offsetMinutes;
  const shift = options.offsetMinutes * 60_000;
  const fromDay = full
    ? await firstDay(db, options.offsetMinutes)
    : new Date(new Date(last.rolled_at).getTime() + shift - 86_400_000).toISOString().slice(0, 10);
  const since = new Date(Date.parse(fromDay) - shift);
  await db.transaction(
    async (trx) => {
      for (const table of SUMMARIES) await trx(table).where('day', '>=', fromDay).delete();
      for (const sql of STATEMENTS) await trx.raw(sql, [options.offsetMinutes, since]);
      await trx.raw(
        `INSERT INTO insights_rollups (name, offset_minutes, from_day, rolled_at) VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE offset_minutes = VALUES(offset_minutes), from_day = VALUES(from_day), rolled_at = VALUES(rolled_at)`,
        [ROLLUP, options.offsetMinutes, fromDay, options.now],
      );
    },
    { isolationLevel: 'read committed' },
  );
  return { fromDay, full };
}

async function firstDay(db: Knex, offsetMinutes: number): Promise<string> {
  const [[row]] = (await db.raw(`SELECT DATE_FORMAT(${day('MIN(created_at)')}, '%Y-%m-%d') AS d FROM interactions`, [
    offsetMinutes,
  ])) as unknown as [[{ d: string | null }]];
  return row?.d ?? '1970-01-01';
}
