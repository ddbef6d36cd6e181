import { addDays, type OffsetSpan } from '@datadrill/core';
import { localDate } from '@datadrill/figures';
import type { Knex } from 'knex';

/** The school's days after the first on which a learner's return is counted (retention's grid). */
const RETURN_DAYS = [1, 7, 30] as const;

/**
 * The per-learner summaries (migration 014): first contact, first challenge, first right answer, their
 * return on day 1, 7 and 30, and their misses in a row per topic. A learner's rows change only with a
 * message of theirs or a send to them, each an interaction, so only the learners with an interaction
 * since `since` are recomputed, each from their own rows (joined by phone: MariaDB would run an
 * `IN (subquery)` once per row); `since` null recomputes everyone. Runs in the roll-up's transaction,
 * after `insights_learner_days`, which the returns are read from.
 */
export async function rollUpLearners(
  trx: Knex.Transaction,
  options: { since: Date | null; spans: readonly OffsetSpan[] },
): Promise<void> {
  const { since } = options;
  const changed = (alias: string, table: string) =>
    since
      ? `(SELECT DISTINCT phone FROM interactions WHERE created_at >= ?) ${alias}_changed
         JOIN ${table} ${alias} ON ${alias}.phone = ${alias}_changed.phone`
      : `${table} ${alias}`;
  const bindings = (times: number) => (since ? Array.from({ length: times }, () => since) : []);
  if (since) {
    await trx.raw(
      `DELETE t FROM (SELECT DISTINCT phone FROM interactions WHERE created_at >= ?) c
       JOIN insights_learner_topics t ON t.phone = c.phone`,
      bindings(1),
    );
  } else {
    await trx.raw('DELETE FROM insights_learners');
    await trx.raw('DELETE FROM insights_learner_topics');
  }
  const back = (n: number) =>
    `EXISTS (SELECT 1 FROM insights_learner_days d WHERE d.phone = f.phone AND d.day = f.first_day + INTERVAL ${n} DAY
       AND d.messages_in > 0)`;
  await trx.raw(
    `INSERT INTO insights_learners (phone, first_seen_at, first_day, first_challenge_at, first_right_at,
       ${RETURN_DAYS.map((n) => `back_day_${n}`).join(', ')})
     SELECT f.phone, f.first_seen_at, f.first_day, c.first_challenge_at, c.first_right_at, ${RETURN_DAYS.map(back).join(', ')}
     FROM (SELECT l.phone, l.first_seen_at, ${localDate('l.first_seen_at', options.spans)} AS first_day
           FROM ${changed('l', 'learners')}) f
     LEFT JOIN (SELECT s.phone, MIN(s.first_sent_at) AS first_challenge_at,
                  MIN(CASE WHEN s.status = 'solved' THEN s.finished_at END) AS first_right_at
                FROM ${changed('s', 'learner_challenges')} GROUP BY s.phone) c ON c.phone = f.phone
     ON DUPLICATE KEY UPDATE first_seen_at = VALUES(first_seen_at), first_day = VALUES(first_day),
       first_challenge_at = VALUES(first_challenge_at), first_right_at = VALUES(first_right_at),
       ${RETURN_DAYS.map((n) => `back_day_${n} = VALUES(back_day_${n})`).join(', ')}`,
    bindings(2),
  );
  // Misses in a row: the topic's finished challenges missed after the last one that was not.
  await trx.raw(
    `INSERT INTO insights_learner_topics (phone, topic, misses_in_a_row, last_finished_at)
     SELECT c.phone, c.topic, SUM(c.status = 'missed' AND (x.last_other IS NULL OR c.finished_at > x.last_other)),
       MAX(c.finished_at)
     FROM ${changed('c', 'learner_challenges')}
     JOIN (SELECT o.phone, o.topic, MAX(CASE WHEN o.status <> 'missed' THEN o.finished_at END) AS last_other
           FROM ${changed('o', 'learner_challenges')} WHERE o.finished_at IS NOT NULL GROUP BY o.phone, o.topic) x
       ON x.phone = c.phone AND x.topic = c.topic
     WHERE c.finished_at IS NOT NULL
     GROUP BY c.phone, c.topic`,
    bindings(2),
  );
}

/** How far back a roll-up racing an erasure can have written a learner's days (a week of missed runs). */
const RACE_DAYS = 7;

/**
 * Summary rows of learners who are no longer there. The erasure deletes a learner's summaries, but a
 * roll-up that read their log just before the erasure committed writes them back after it; the next
 * roll-up drops them here (their days only as far back as such a run could have written).
 */
export async function dropErased(trx: Knex.Transaction, fromDay: string): Promise<void> {
  const gone = (table: string, extra = '') =>
    `DELETE s FROM ${table} s LEFT JOIN learners l ON l.phone = s.phone WHERE l.phone IS NULL${extra}`;
  await trx.raw(gone('insights_learners'));
  await trx.raw(gone('insights_learner_topics'));
  await trx.raw(gone('insights_learner_days', ' AND s.day >= ?'), [addDays(fromDay, -RACE_DAYS)]);
}
