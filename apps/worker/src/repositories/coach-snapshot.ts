import type { ChallengeProgress, ChallengeStatus, Difficulty, SnapshotRequest } from '@datadrill/core';
import { type ChallengeRow, toChallenge } from './rows.js';
import type { Part } from './snapshot-part.js';
import type { Statement } from './sql-packet.js';

// The coach's parts of a learner's snapshot: streak and zone, their challenges, the one answered.

export function coachState(phone: string): Part {
  return {
    statement: {
      sql: `SELECT timezone, streak_current, streak_best, streak_day, streak_freezes, welcomed_at, opted_out_at,
            erase_requested_at, last_seen_at, daily_typed, daily_paused_at, daily_unanswered, daily_held_code
            FROM learners WHERE phone = ?`,
      bindings: [phone],
    },
    read: (rows, loaded) => {
      const [row] = rows;
      if (!row) return;
      loaded.coach = {
        timezone: (row.timezone as string | null) ?? null,
        streak: {
          current: Number(row.streak_current),
          best: Number(row.streak_best),
          day: row.streak_day ? dayOf(row.streak_day) : null,
          freezes: Number(row.streak_freezes),
        },
        lastSeenAt: (row.last_seen_at as Date | null) ?? null,
        daily: {
          typed: (row.daily_typed as string | null) ?? null,
          paused: row.daily_paused_at !== null,
          unanswered: Number(row.daily_unanswered ?? 0),
          heldCode: (row.daily_held_code as string | null) ?? null,
        },
      };
      loaded.consent = {
        optedOut: row.opted_out_at !== null,
        welcomed: row.welcomed_at !== null,
        eraseRequestedAt: (row.erase_requested_at as Date | null) ?? null,
      };
    },
  };
}

/** The learner's challenges, most recent first: of one topic (their level in it), or all. */
export function progressOf(phone: string, topic: string | undefined): Part {
  return {
    statement: {
      sql: `SELECT challenge_code, topic, difficulty, status, attempts, last_sent_at, review_due_at, review_step FROM learner_challenges
            WHERE phone = ?${topic ? ' AND topic = ?' : ''} ORDER BY last_sent_at DESC`,
      bindings: topic ? [phone, topic] : [phone],
    },
    read: (rows, loaded) => {
      loaded.progress = rows.map(toProgress);
    },
  };
}

const TARGET_COLUMNS = `c.*, lc.challenge_code, lc.topic AS lc_topic, lc.difficulty AS lc_difficulty, lc.status AS lc_status,
  lc.attempts AS lc_attempts, lc.last_sent_at AS lc_last_sent_at, lc.review_due_at AS lc_review_due_at,
  lc.review_step AS lc_review_step`;

/**
 * The challenge an answer is for: named by code, sent by the quoted message, or the most recent
 * one still open. No row lock of its own: the learner's row, locked first, serialises their turns
 * (a FOR UPDATE here would lock the shared challenge row too, and make learners wait on each other).
 */
export function answerTarget(phone: string, target: NonNullable<SnapshotRequest['target']>, now: Date): Part {
  const from = `FROM learner_challenges lc JOIN challenges c ON c.code = lc.challenge_code WHERE lc.phone = ?`;
  const statement = ((): Statement => {
    if (target === 'latest') {
      return {
        sql: `SELECT ${TARGET_COLUMNS} ${from} AND lc.status = 'open' ORDER BY lc.last_sent_at DESC LIMIT 1`,
        bindings: [phone],
      };
    }
    if (target === 'review') {
      // The one due longest ago, still in the library.
      return {
        sql: `SELECT ${TARGET_COLUMNS} ${from} AND lc.status IN ('missed', 'revealed') AND lc.review_due_at <= ?
              AND c.retired_at IS NULL ORDER BY lc.review_due_at LIMIT 1`,
        bindings: [phone, now],
      };
    }
    if ('code' in target) {
      return { sql: `SELECT ${TARGET_COLUMNS} ${from} AND lc.challenge_code = ?`, bindings: [phone, target.code] };
    }
    return {
      sql: `SELECT ${TARGET_COLUMNS} ${from} AND lc.challenge_code = (SELECT i.challenge_code FROM outbound_messages o
            JOIN interactions i ON i.id = o.interaction_id WHERE o.twilio_sid = ? AND i.phone = ?)`,
      bindings: [phone, target.quotedSid, phone],
    };
  })();
  return {
    statement,
    read: (rows, loaded) => {
      const [row] = rows;
      if (!row) return;
      loaded.target = {
        challenge: toChallenge(row as unknown as ChallengeRow),
        progress: toProgress({
          challenge_code: row.challenge_code,
          topic: row.lc_topic,
          difficulty: row.lc_difficulty,
          status: row.lc_status,
          attempts: row.lc_attempts,
          last_sent_at: row.lc_last_sent_at,
          review_due_at: row.lc_review_due_at,
          review_step: row.lc_review_step,
        }),
      };
    },
  };
}

function toProgress(row: Record<string, unknown>): ChallengeProgress {
  return {
    code: String(row.challenge_code),
    topic: String(row.topic),
    difficulty: row.difficulty as Difficulty,
    status: row.status as ChallengeStatus,
    attempts: Number(row.attempts),
    lastSentAt: row.last_sent_at as Date,
    reviewDueAt: (row.review_due_at as Date | null | undefined) ?? null,
    reviewStep: Number(row.review_step ?? 0),
  };
}

/** A DATE column as YYYY-MM-DD (the driver returns it as a Date at midnight UTC). */
function dayOf(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** Whether the learner is on the roster, their last "not on the roster" reply, and a join code's cohort. */
export function accessParts(phone: string, joinCode: string | undefined): Part[] {
  const parts: Part[] = [
    {
      statement: {
        sql: `SELECT EXISTS (SELECT 1 FROM roster WHERE phone = ?) AS enrolled,
              (SELECT access_notice_at FROM learners WHERE phone = ?) AS notice_at`,
        bindings: [phone, phone],
      },
      read: (rows, loaded) => {
        const [row] = rows;
        loaded.access = {
          ...loaded.access,
          enrolled: Number(row?.enrolled ?? 0) === 1,
          noticeAt: (row?.notice_at as Date | null | undefined) ?? null,
        };
      },
    },
  ];
  if (joinCode) {
    parts.push({
      statement: { sql: 'SELECT name, expires_at FROM cohorts WHERE code = ?', bindings: [joinCode] },
      read: (rows, loaded) => {
        const [row] = rows;
        if (row) {
          loaded.access = {
            ...loaded.access,
            cohort: { name: String(row.name), expiresAt: (row.expires_at as Date | null) ?? null },
          };
        }
      },
    });
  }
  return parts;
}

/** Counts of what is kept about the learner, for `my data`. */
export function dataSummary(phone: string): Part {
  return {
    statement: {
      sql: `SELECT (SELECT COUNT(*) FROM interactions WHERE phone = ?) AS messages,
              (SELECT COUNT(*) FROM interactions WHERE phone = ? AND outcome = 'challenge') AS challenges,
              (SELECT COUNT(*) FROM attempts WHERE phone = ?) AS answers,
              (SELECT COUNT(*) FROM tickets WHERE phone = ?) AS tickets,
              (SELECT COUNT(*) FROM insights_learner_days WHERE phone = ?) AS summary_days,
              first_seen_at, last_seen_at FROM learners WHERE phone = ?`,
      bindings: [phone, phone, phone, phone, phone, phone],
    },
    read: (rows, loaded) => {
      const [row] = rows;
      if (!row) return;
      loaded.summary = {
        messages: Number(row.messages),
        challenges: Number(row.challenges),
        answers: Number(row.answers),
        tickets: Number(row.tickets),
        firstContact: (row.first_seen_at as Date | null) ?? null,
        lastContact: (row.last_seen_at as Date | null) ?? null,
        summaryDays: Number(row.summary_days),
      };
    },
  };
}

/** The challenge the daily template held for the learner's GO. */
export function dailyHeld(phone: string): Part {
  return {
    statement: {
      sql: 'SELECT c.* FROM learners l JOIN challenges c ON c.code = l.daily_held_code WHERE l.phone = ?',
      bindings: [phone],
    },
    read: (rows, loaded) => {
      const [row] = rows;
      if (row) loaded.dailyHeld = toChallenge(row as unknown as ChallengeRow);
    },
  };
}
