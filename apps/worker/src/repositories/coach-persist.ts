import { CONSENT_WORDING_VERSION, type InboundRecord, type Plan } from '@datadrill/core';
import type { Statement } from './sql-packet.js';

/**
 * The coach's writes of a plan, in the persist packet after the interaction (`@interaction`): the
 * challenge handed out, the attempt and where it leaves the challenge, a solution read before
 * solving, the streak, the zone.
 */
export function coachStatements(record: InboundRecord, plan: Plan): Statement[] {
  const { phone, createdAt: at } = record;
  const statements: Statement[] = [];
  if (plan.outcome === 'challenge' && plan.challengeCode && plan.topic && plan.difficulty) {
    // Handed out again (only after the whole cell was seen): a solved one stays solved, any other is a fresh try.
    statements.push({
      sql: `INSERT INTO learner_challenges (phone, challenge_code, topic, difficulty, status, attempts, first_sent_at, last_sent_at)
            VALUES (?, ?, ?, ?, 'open', 0, ?, ?)
            ON DUPLICATE KEY UPDATE last_sent_at = VALUES(last_sent_at),
              finished_at = IF(status = 'solved', finished_at, NULL),
              attempts = IF(status = 'solved', attempts, 0),
              status = IF(status = 'solved', status, 'open')`,
      bindings: [phone, plan.challengeCode, plan.topic, plan.difficulty, at, at],
    });
  }
  const { attempt } = plan;
  if (attempt) {
    statements.push(
      {
        sql: `INSERT INTO attempts (interaction_id, phone, challenge_code, text, parsed, verdict, attempt_no, via, created_at)
              VALUES (@interaction, ?, ?, ?, ?, ?, ?, ?, ?)`,
        bindings: [
          phone,
          attempt.code,
          attempt.text.slice(0, 4096),
          attempt.parsed?.slice(0, 255) ?? null,
          attempt.verdict,
          attempt.attemptNo,
          attempt.via,
          at,
        ],
      },
      {
        // A challenge left missed comes due for review; a solved one leaves the review schedule.
        sql: `UPDATE learner_challenges SET status = ?, attempts = ?, finished_at = ?, review_due_at = ?,
              review_step = review_step + ? WHERE phone = ? AND challenge_code = ? AND status = 'open'`,
        bindings: [
          attempt.status,
          attempt.attempts,
          attempt.status === 'open' ? null : at,
          attempt.reviewDueAt ?? null,
          attempt.reviewDueAt ? 1 : 0,
          phone,
          attempt.code,
        ],
      },
    );
  }
  if (plan.revealed) {
    statements.push({
      sql: `UPDATE learner_challenges SET status = 'revealed', finished_at = ?, review_due_at = ?, review_step = review_step + 1
            WHERE phone = ? AND challenge_code = ? AND status = 'open'`,
      bindings: [at, plan.revealed.reviewDueAt, phone, plan.revealed.code],
    });
  }
  const { streak } = plan;
  if (streak) {
    statements.push({
      sql: 'UPDATE learners SET streak_current = ?, streak_best = ?, streak_day = ?, streak_freezes = ? WHERE phone = ?',
      bindings: [streak.current, streak.best, streak.day, streak.freezes, phone],
    });
  }
  if (plan.consent) {
    const { event, keyword, channel } = plan.consent;
    statements.push(
      {
        sql: `INSERT INTO consent_events (phone, event, keyword, channel, wording_version, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        bindings: [phone, event, keyword, channel, CONSENT_WORDING_VERSION, at],
      },
      {
        sql: 'UPDATE learners SET opted_out_at = ? WHERE phone = ?',
        bindings: [event === 'opt_out' ? at : null, phone],
      },
    );
  }
  const { daily, dailyRun } = plan;
  if (daily) {
    const on = 'on' in daily ? daily.on : undefined;
    const time = on && `${String(on.hour).padStart(2, '0')}:${String(on.minute).padStart(2, '0')}`;
    statements.push({
      sql: `UPDATE learners SET daily_time = ?, daily_typed = ?, daily_paused_at = NULL, daily_unanswered = 0,
            daily_held_code = IF(? IS NULL, NULL, daily_held_code) WHERE phone = ?`,
      bindings: [time ?? null, on?.typed.slice(0, 16) ?? null, time ?? null, phone],
    });
  }
  if (dailyRun) {
    statements.push({
      sql: 'UPDATE learners SET daily_unanswered = ?, daily_paused_at = ?, daily_held_code = ? WHERE phone = ?',
      bindings: [dailyRun.unanswered, dailyRun.paused ? at : null, dailyRun.heldCode, phone],
    });
  }
  if (plan.erasure === 'requested') {
    statements.push({ sql: 'UPDATE learners SET erase_requested_at = ? WHERE phone = ?', bindings: [at, phone] });
  }
  if (plan.enrol) {
    statements.push({
      sql: `INSERT INTO roster (phone, cohort, source, added_at, updated_at) VALUES (?, ?, 'join', ?, ?)
            ON DUPLICATE KEY UPDATE cohort = VALUES(cohort), updated_at = VALUES(updated_at)`,
      bindings: [phone, plan.enrol.cohort, at, at],
    });
  }
  if (plan.accessNotice) {
    statements.push({ sql: 'UPDATE learners SET access_notice_at = ? WHERE phone = ?', bindings: [at, phone] });
  }
  if (plan.welcome) {
    statements.push({ sql: 'UPDATE learners SET welcomed_at = ? WHERE phone = ?', bindings: [at, phone] });
  }
  if (plan.timezone) {
    statements.push({ sql: 'UPDATE learners SET timezone = ? WHERE phone = ?', bindings: [plan.timezone, phone] });
  }
  return statements;
}
