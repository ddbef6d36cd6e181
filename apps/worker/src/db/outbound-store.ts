import type { Difficulty, OutboundMessage, OutboundStatus, OutboundStore, Topic } from '@datadrill/core';
import type { Knex } from 'knex';

interface OutboundRow {
  id: number | string;
  interaction_id: number | string | null;
  answer_id: number | string | null;
  to_address: string;
  content_sid: string | null;
  body: string;
  status: OutboundStatus;
  twilio_sid: string | null;
  error: string | null;
  error_code: number | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  /** From the interaction, when read with it. */
  outcome?: string | null;
  topic?: Topic | null;
  difficulty?: Difficulty | null;
  parts?: number | string | null;
}

export function createOutboundStore(db: Knex): OutboundStore {
  const table = () => db<OutboundRow>('outbound_messages');
  return {
    // With the interaction's cell and its number of messages, so settling a sent one takes one statement.
    async find(id) {
      const row = await db('outbound_messages as o')
        .leftJoin('interactions as i', 'i.id', 'o.interaction_id')
        .where('o.id', id)
        .first<OutboundRow | undefined>(
          'o.*',
          'i.outcome',
          'i.topic',
          'i.difficulty',
          db.raw('(SELECT COUNT(*) FROM outbound_messages p WHERE p.interaction_id = o.interaction_id) AS parts'),
        );
      return row && toMessage(row);
    },

    async claim(id) {
      const claimed = await table()
        .where({ id, status: 'pending' })
        .update({ status: 'sending', updated_at: new Date() })
        .increment('attempts', 1);
      return Number(claimed) === 1;
    },

    async release(id) {
      await table().where({ id, status: 'sending' }).update({ status: 'pending', updated_at: new Date() });
    },

    async markSent(id, twilioSid) {
      await table().where({ id }).update({ status: 'sent', twilio_sid: twilioSid, updated_at: new Date() });
    },

    async markFailed(id, error, errorCode) {
      await table()
        .where({ id })
        .update({
          status: 'failed',
          error: error.slice(0, 512),
          error_code: errorCode ?? null,
          updated_at: new Date(),
        });
    },

    async findBySid(twilioSid) {
      const row = await table().where({ twilio_sid: twilioSid }).first();
      return row && toMessage(row);
    },

    async markHandsetDelivered(id) {
      await table().where({ id, status: 'sent' }).update({ status: 'delivered', updated_at: new Date() });
    },

    async unsent(interactionId) {
      const rows = await table()
        .where({ interaction_id: interactionId })
        .whereIn('status', ['pending', 'sending'])
        .orderBy('id')
        .select('id');
      return rows.map((row) => Number(row.id));
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
