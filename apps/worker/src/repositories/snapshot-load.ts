import {
  type Challenge,
  type Difficulty,
  EMPTY_SNAPSHOT,
  type InboundRecord,
  type LearnerSnapshot,
  type SnapshotRequest,
  type Topic,
  UNSENT_STATUSES,
  windowStart,
} from '@datadrill/core';
import { accessParts, answerTarget, coachState, dailyHeld, dataSummary, progressOf } from './coach-snapshot.js';
import { heldAnswers, ticketQueue } from './mentor-desk-snapshot.js';
import { type ChallengeRow, toChallenge } from './rows.js';
import type { EarlierRecord, Loaded, Part } from './snapshot-part.js';
import { placeholders, rowsOf, type StatementResult } from './sql-packet.js';

/**
 * The statements that read one learner's snapshot, in one packet after the lock is taken: whether
 * this message was recorded before (when it may have been), then only the parts the command needs.
 */
export function snapshotStatements(
  request: SnapshotRequest,
  record: InboundRecord,
  quotaKey: (phone: string) => string,
): Part[] {
  const { inboundSid, createdAt: now } = record;
  const phone = request.learner.phone;
  const parts: Part[] = [];
  // A message's first run is almost never a repeat (the queue deduplicates by its SID); the unique
  // SID refuses one that is, and the turn then runs again, looking.
  if (record.mayBeRecorded) {
    parts.push({
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
    });
  }
  if (request.window) {
    parts.push({
      statement: {
        // With what an erasure kept of the limit: the keyed hash of the number and its counted times.
        sql: `SELECT created_at FROM interactions WHERE phone = ? AND counted = 1 AND created_at > ?
              UNION ALL SELECT counted_at FROM quota_keys WHERE key_hash = ? AND counted_at > ?`,
        bindings: [phone, windowStart(now), quotaKey(phone), windowStart(now)],
      },
      read: (rows, loaded) => {
        loaded.countedAt = rows.map((row) => row.created_at as Date).sort((a, b) => a.getTime() - b.getTime());
      },
    });
  }
  if (request.history) {
    parts.push({
      statement: {
        sql: `SELECT challenge_code AS code, topic, difficulty, MAX(created_at) AS last_sent_at, MAX(id) AS last_id, COUNT(*) AS times
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
          lastInteractionId: Number(row.last_id),
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
  if (request.coach) parts.push(coachState(phone));
  if (request.progress !== 'none')
    parts.push(progressOf(phone, request.progress === 'topic' ? request.cell?.topic : undefined));
  if (request.target) parts.push(answerTarget(phone, request.target, now));
  if (request.access) parts.push(...accessParts(phone, request.access.joinCode));
  if (request.summary) parts.push(dataSummary(phone));
  if (request.dailyHeld) parts.push(dailyHeld(phone));
  if (request.tickets !== 'none') parts.push(...ticketQueue(phone, request.tickets === 'open'));
  return parts;
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
