import {
  type Difficulty,
  type EarlyReport,
  type Interactive,
  interactiveSchema,
  type OutboundMessage,
  type OutboundStatus,
  type Outcome,
  type Topic,
} from '@datadrill/core';
import type { Knex } from 'knex';
import { rowsOf, type StatementResult } from './sql-packet.js';

/** An `outbound_messages` row as MySQL returns it; mapped to the domain type at this border only. */
export interface OutboundRow {
  id: number | string;
  interaction_id: number | string | null;
  answer_id: number | string | null;
  to_address: string;
  from_address?: string | null;
  content_sid: string | null;
  actions: string | null;
  media_url: string | null;
  body: string;
  status: OutboundStatus;
  twilio_sid: string | null;
  created_at: Date;
  updated_at: Date;
  /** From the interaction, when read with it. */
  outcome?: Outcome | null;
  topic?: Topic | null;
  difficulty?: Difficulty | null;
  parts?: number | string | null;
  initiated_by?: 'learner' | 'bot';
  opted_out?: number | string | null;
}

// With the interaction's outcome and cell and its number of messages, so settling takes one statement.
export const READ_MESSAGES = `SELECT o.*, i.outcome, i.topic, i.difficulty,
  (SELECT COUNT(*) FROM outbound_messages p WHERE p.interaction_id = o.interaction_id) AS parts,
  EXISTS (SELECT 1 FROM learners l WHERE l.address = o.to_address AND l.opted_out_at IS NOT NULL) AS opted_out
  FROM outbound_messages o LEFT JOIN interactions i ON i.id = o.interaction_id`;
export const READ_MESSAGE = `${READ_MESSAGES} WHERE o.id = ?`;

/** A message's `from_address`: the sender its recipient last wrote to, read as the row is written. */
export function senderOf(db: Knex, address: string): Knex.Raw {
  return db.raw('(SELECT sender_address FROM learners WHERE address = ? LIMIT 1)', [address]);
}

/** A failure report kept for a SID (see early_delivery_reports). */
export const EARLY_REPORT = 'SELECT status, error_code FROM early_delivery_reports WHERE twilio_sid = ?';

export function earlyOf(result: StatementResult | undefined): EarlyReport | undefined {
  const [row] = rowsOf<{ status: EarlyReport['status']; error_code: number | null }>(result);
  return row && { status: row.status, errorCode: row.error_code ?? undefined };
}

export function toMessage(row: OutboundRow): OutboundMessage {
  return {
    id: Number(row.id),
    interactionId: row.interaction_id === null ? null : Number(row.interaction_id),
    outcome: row.outcome ?? null,
    answerId: row.answer_id === null ? null : Number(row.answer_id),
    to: row.to_address,
    from: row.from_address ?? null,
    body: row.body,
    contentSid: row.content_sid,
    actions: actionsOf(row.actions),
    mediaUrl: row.media_url,
    sole: Number(row.parts ?? 0) === 1,
    challenge:
      row.outcome === 'challenge' && row.topic && row.difficulty
        ? { topic: row.topic, difficulty: row.difficulty }
        : null,
    status: row.status,
    updatedAt: row.updated_at,
    createdAt: row.created_at,
    initiatedBy: row.initiated_by ?? 'bot',
    recipientOptedOut: Number(row.opted_out ?? 0) === 1,
  };
}

/** Stored as JSON; a row whose actions no longer read (an older shape) goes as plain text. */
function actionsOf(stored: string | null): Interactive | null {
  if (stored === null) return null;
  try {
    const parsed = interactiveSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
