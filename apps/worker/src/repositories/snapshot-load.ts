import {
  ANSWER_PACE_WINDOW_MS,
  ANSWER_TRANSITIONS,
  type Challenge,
  type Difficulty,
  EMPTY_SNAPSHOT,
  type InteractionStatus,
  type LearnerSnapshot,
  type Outcome,
  type SnapshotRequest,
  type Topic,
  UNSENT_STATUSES,
  windowStart,
} from '@datadrill/core';
import { type ChallengeRow, toChallenge } from './rows.js';
import { placeholders, rowsOf, type Statement, type StatementResult } from './sql-packet.js';

/** The message's interaction when an earlier run recorded it, with its reply's unsent messages. */
export interface EarlierRecord {
  status: InteractionStatus;
  outcome: Outcome;
  topic: Topic | null;
  difficulty: Difficulty | null;
  unsentIds: number[];
}

interface Part {
  statement: Statement;
  read(rows: Record<string, unknown>[], snapshot: Loaded): void;
}

type Loaded = { -readonly [K in keyof LearnerSnapshot]: LearnerSnapshot[K] } & { earlier?: EarlierRecord };

/**
 * The statements that read one learner's snapshot, in one packet after the lock is taken: whether
 * this message was recorded before, then only the parts the command needs.
 */
export function snapshotStatements(request: SnapshotRequest, inboundSid: string, now: Date): Part[] {
  const phone = request.learner.phone;
  const parts: Part[] = [
    {
      // With its reply's unsent messages, in one statement: an earlier run may have died before queueing them.
      statement: {
        sql: `SELECT i.status, i.outcome, i.topic, i.difficulty, o.id AS unsent_id FROM interactions i
              LEFT JOIN outbound_messages o ON o.interaction_id = i.id AND o.status IN (${placeholders(UNSENT_STATUSES)})
              WHERE i.inbound_sid = ? ORDER BY o.id`,
        bindings: [...UNSENT_STATUSES, inboundSid],
      },
      read(rows, loaded) {
        const [row] = rows as Array<Omit<EarlierRecord, 'unsentIds'> & { unsent_id: number | string | null }>;
        if (!row) return;
        const { unsent_id: _, ...earlier } = row;
        const unsentIds = rows.flatMap((found) => (found.unsent_id === null ? [] : [Number(found.unsent_id)]));
        loaded.earlier = { ...earlier, unsentIds };
      },
    },
  ];
  if (request.window) {
    parts.push({
      statement: {
        sql: 'SELECT created_at FROM interactions WHERE phone = ? AND counted = 1 AND created_at > ?',
        bindings: [phone, windowStart(now)],
      },
      read: (rows, loaded) => {
        loaded.countedAt = rows.map((row) => row.created_at as Date);
      },
    });
  }
  if (request.history) {
    parts.push({
      statement: {
        sql: `SELECT challenge_code AS code, topic, difficulty, MAX(created_at) AS last_sent_at, COUNT(*) AS times
              FROM interactions WHERE phone = ? AND counted = 1 AND challenge_code IS NOT NULL
              GROUP BY challenge_code, topic, difficulty`,
        bindings: [phone],
      },
      read: (rows, loaded) => {
        loaded.sent = rows.map((row) => ({
          code: String(row.code),
          topic: row.topic as Topic,
          difficulty: row.difficulty as Difficulty,
          lastSentAt: row.last_sent_at as Date,
          times: Number(row.times),
        }));
      },
    });
  }
  if (request.cell) {
    const { topic, difficulty } = request.cell;
    parts.push({
      statement: {
        sql: `SELECT * FROM challenges WHERE topic = ?${difficulty ? ' AND difficulty = ?' : ''} AND retired_at IS NULL`,
        bindings: difficulty ? [topic, difficulty] : [topic],
      },
      read: (rows, loaded) => {
        loaded.cellChallenges = (rows as unknown as ChallengeRow[]).map(toChallenge);
      },
    });
  }
  if (request.named) {
    parts.push({
      statement: { sql: 'SELECT * FROM challenges WHERE code = ?', bindings: [request.named] },
      read: (rows, loaded) => {
        const [row] = rows as unknown as ChallengeRow[];
        loaded.named = row && (toChallenge(row) satisfies Challenge);
      },
    });
  }
  if (request.heldAnswers) parts.push(heldAnswers(phone));
  if (request.tickets) parts.push(...mentorDeskQueue(phone, now));
  return parts;
}

/** Held answers are locked too: each is handed out once, with this reply. */
function heldAnswers(phone: string): Part {
  const held = ANSWER_TRANSITIONS.release.from;
  return {
    statement: {
      sql: `SELECT m.id, m.whatsapp_text FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
            WHERE t.phone = ? AND m.kind = 'answer' AND m.status IN (${placeholders(held)}) ORDER BY m.id FOR UPDATE`,
      bindings: [phone, ...held],
    },
    read: (rows, loaded) => {
      loaded.heldAnswers = rows.map((row) => ({ answerId: Number(row.id), text: String(row.whatsapp_text) }));
    },
  };
}

function mentorDeskQueue(phone: string, now: Date): Part[] {
  return [
    {
      statement: {
        sql: "SELECT id, challenge_code, first_answered_at FROM tickets WHERE phone = ? AND status = 'open' ORDER BY id DESC",
        bindings: [phone],
      },
      read: (rows, loaded) => {
        loaded.openTickets = rows.map((row) => ({
          id: Number(row.id),
          challengeCode: (row.challenge_code as string | null) ?? null,
          answered: row.first_answered_at !== null,
        }));
      },
    },
    {
      statement: { sql: "SELECT id FROM tickets WHERE status = 'open' AND first_answered_at IS NULL ORDER BY id" },
      read: (rows, loaded) => {
        loaded.mentorDeskQueue = { ...loaded.mentorDeskQueue, unansweredIds: rows.map((row) => Number(row.id)) };
      },
    },
    {
      statement: {
        sql: 'SELECT created_at, first_answered_at FROM tickets WHERE first_answered_at >= ?',
        bindings: [new Date(now.getTime() - ANSWER_PACE_WINDOW_MS)],
      },
      read: (rows, loaded) => {
        const waits = rows.map((row) => (row.first_answered_at as Date).getTime() - (row.created_at as Date).getTime());
        loaded.mentorDeskQueue = { ...loaded.mentorDeskQueue, recentFirstAnswerMs: waits };
      },
    },
  ];
}

/** The snapshot from the packet's results (`results[i]` answers `parts[i]`). */
export function readSnapshot(
  request: SnapshotRequest,
  parts: readonly Part[],
  results: readonly StatementResult[],
): LearnerSnapshot & { earlier?: EarlierRecord } {
  const loaded: Loaded = { ...EMPTY_SNAPSHOT, learner: request.learner, cell: request.cell };
  for (const [index, part] of parts.entries()) part.read(rowsOf(results[index]), loaded);
  return loaded;
}
