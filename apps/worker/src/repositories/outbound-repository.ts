import {
  type Difficulty,
  INTERACTION_TRANSITIONS,
  OUTBOUND_TRANSITIONS,
  type OutboundMessage,
  type OutboundMove,
  type OutboundStatus,
  type OutboundStore,
  type Outcome,
  type Topic,
  UNSENT_STATUSES,
} from '@datadrill/core';
import type { Knex } from 'knex';
import { headerOf, placeholders, rowsOf, type Statement, sendPacket, withConnection } from './sql-packet.js';

interface OutboundRow {
  id: number | string;
  interaction_id: number | string | null;
  answer_id: number | string | null;
  to_address: string;
  content_sid: string | null;
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
}

/** `SET status = to … WHERE id = ? AND status IN (from)`: a move the table does not allow changes nothing. */
function move(id: number, name: OutboundMove, set: Record<string, unknown> = {}, also = ''): Statement {
  const { from, to } = OUTBOUND_TRANSITIONS[name];
  const columns = Object.keys(set)
    .map((column) => `, ${column} = ?`)
    .join('');
  return {
    sql: `UPDATE outbound_messages SET status = ?, updated_at = ?${columns}${also}
          WHERE id = ? AND status IN (${placeholders(from)})`,
    bindings: [to, new Date(), ...Object.values(set), id, ...from],
  };
}

// With the interaction's outcome and cell and its number of messages, so settling takes one statement.
const READ_MESSAGE = `SELECT o.*, i.outcome, i.topic, i.difficulty,
  (SELECT COUNT(*) FROM outbound_messages p WHERE p.interaction_id = o.interaction_id) AS parts
  FROM outbound_messages o LEFT JOIN interactions i ON i.id = o.interaction_id WHERE o.id = ?`;

export function createOutboundRepository(db: Knex): OutboundStore {
  const table = () => db<OutboundRow>('outbound_messages');
  const run = (statements: readonly Statement[]) =>
    withConnection(db, (connection) => sendPacket(db, connection, statements));

  return {
    async claim(id) {
      const [claimed, rows] = await run([
        move(id, 'claim', {}, ', attempts = attempts + 1'),
        { sql: READ_MESSAGE, bindings: [id] },
      ]);
      const [row] = rowsOf<OutboundRow>(rows);
      return row && { message: toMessage(row), claimed: headerOf(claimed).affectedRows === 1 };
    },

    async release(id) {
      await run([move(id, 'release')]);
    },

    async markSent(message, twilioSid) {
      const { interactionId } = message;
      if (interactionId === null) {
        await run([move(message.id, 'sent', { twilio_sid: twilioSid })]);
        return false;
      }
      const sent = OUTBOUND_TRANSITIONS.sent;
      const delivered = INTERACTION_TRANSITIONS.delivered;
      const now = new Date();
      if (message.sole) {
        // The message and its interaction in one statement: a one-message reply is complete once sent.
        const [result] = await run([
          {
            sql: `UPDATE outbound_messages o JOIN interactions i ON i.id = o.interaction_id
                  SET o.status = ?, o.twilio_sid = ?, o.updated_at = ?, i.status = ?, i.updated_at = ?
                  WHERE o.id = ? AND o.status IN (${placeholders(sent.from)}) AND i.status IN (${placeholders(delivered.from)})`,
            bindings: [
              sent.to,
              twilioSid,
              now,
              delivered.to(message.outcome),
              now,
              message.id,
              ...sent.from,
              ...delivered.from,
            ],
          },
        ]);
        if (headerOf(result).affectedRows > 0) return true;
      }
      // The interaction moves on only once no part of its reply is left to send.
      const [, settled] = await run([
        move(message.id, 'sent', { twilio_sid: twilioSid }),
        {
          sql: `UPDATE interactions SET status = ?, updated_at = ? WHERE id = ? AND status IN (${placeholders(delivered.from)})
                AND NOT EXISTS (SELECT 1 FROM outbound_messages WHERE interaction_id = ? AND status IN (${placeholders(UNSENT_STATUSES)}))`,
          bindings: [
            delivered.to(message.outcome),
            now,
            interactionId,
            ...delivered.from,
            interactionId,
            ...UNSENT_STATUSES,
          ],
        },
      ]);
      return headerOf(settled).affectedRows > 0;
    },

    async markFailed(id, error, errorCode) {
      await run([move(id, 'failed', { error: error.slice(0, 512), error_code: errorCode ?? null })]);
    },

    async failInteraction(interactionId, error) {
      const { from, to } = INTERACTION_TRANSITIONS.failed;
      // One packet: read whether it counted under the row lock, then stop it counting.
      const [, rows, updated] = await run([
        { sql: 'START TRANSACTION' },
        { sql: 'SELECT counted FROM interactions WHERE id = ? FOR UPDATE', bindings: [interactionId] },
        {
          sql: `UPDATE interactions SET status = ?, counted = 0, error = ?, updated_at = ? WHERE id = ? AND status IN (${placeholders(from)})`,
          bindings: [to(), error.slice(0, 512), new Date(), interactionId, ...from],
        },
        { sql: 'COMMIT' },
      ]);
      const [row] = rowsOf<{ counted: number }>(rows);
      return headerOf(updated).affectedRows > 0 && Boolean(row?.counted);
    },

    async findBySid(twilioSid) {
      const row = await table().where({ twilio_sid: twilioSid }).first();
      return row && toMessage(row);
    },

    async markHandsetDelivered(id) {
      await run([move(id, 'delivered')]);
    },

    async createNotice(to, body, contentSid) {
      const now = new Date();
      const [id] = await table().insert({
        to_address: to,
        body,
        content_sid: contentSid ?? null,
        status: 'pending',
        created_at: now,
        updated_at: now,
      });
      return Number(id);
    },
  };
}

function toMessage(row: OutboundRow): OutboundMessage {
  return {
    id: Number(row.id),
    interactionId: row.interaction_id === null ? null : Number(row.interaction_id),
    outcome: row.outcome ?? null,
    answerId: row.answer_id === null ? null : Number(row.answer_id),
    to: row.to_address,
    body: row.body,
    contentSid: row.content_sid,
    sole: Number(row.parts ?? 0) === 1,
    challenge:
      row.outcome === 'challenge' && row.topic && row.difficulty
        ? { topic: row.topic, difficulty: row.difficulty }
        : null,
    status: row.status,
    updatedAt: row.updated_at,
  };
}
