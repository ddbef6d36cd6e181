import { type Plan, TICKET_FILE_TRANSITIONS, type TicketFile, type TicketFileStore } from '@datadrill/core';
import type { Knex } from 'knex';
import type { Statement } from './sql-packet.js';

interface TicketFileRow {
  id: number | string;
  ticket_id: number | string;
  ticket_message_id: number | string | null;
  twilio_media_url: string | null;
  content_type: string;
  status: TicketFile['status'];
  slack_file_id: string | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Each sweep re-queues at most this many lost files of each kind. */
const SWEEP_LIMIT = 200;

/**
 * The rows of a plan's files, in the learner's transaction: with the new ticket (its question's
 * files), or with the follow-up just inserted (`@follow_up`, set after its insert).
 */
export function ticketFileStatements(plan: Plan, ticketId: number | undefined, at: Date): Statement[] {
  const files = plan.ticketFiles ?? [];
  const owner = plan.followUp ? plan.followUp.ticketId : ticketId;
  if (files.length === 0 || owner === undefined) return [];
  const message = plan.followUp ? '@follow_up' : 'NULL';
  return [
    {
      sql: `INSERT INTO ticket_files (ticket_id, ticket_message_id, twilio_media_url, content_type, status, created_at, updated_at)
            VALUES ${files.map(() => `(?, ${message}, ?, ?, 'pending', ?, ?)`).join(', ')}`,
      bindings: files.flatMap((file) => [owner, file.url.slice(0, 1024), file.contentType.slice(0, 128), at, at]),
    },
  ];
}

/** The desk's side of learners' files, outside any learner's lock. */
export function createTicketFileRepository(db: Knex): TicketFileStore {
  const files = () => db<TicketFileRow>('ticket_files');
  return {
    async find(id) {
      const row = await files().where({ id }).first();
      return row && toFile(row);
    },

    async of(ticketId, followUpId) {
      const query = files().where({ ticket_id: ticketId });
      const rows = await (followUpId === null
        ? query.whereNull('ticket_message_id')
        : query.where({ ticket_message_id: followUpId })
      ).orderBy('id');
      return rows.map(toFile);
    },

    async settle(id, to, detail) {
      const { from } = TICKET_FILE_TRANSITIONS[to];
      const updated = await files()
        .where({ id })
        .whereIn('status', from)
        .update({
          status: TICKET_FILE_TRANSITIONS[to].to,
          slack_file_id: detail.slackFileId ?? null,
          error: detail.error?.slice(0, 512) ?? null,
          updated_at: new Date(),
        });
      return updated > 0;
    },

    async forgetMedia(id) {
      await files().where({ id }).update({ twilio_media_url: null, updated_at: new Date() });
    },

    async unattached(before) {
      // Pending in a thread that exists: the ticket is posted (and the follow-up it came with), or failed.
      const pending = await db('ticket_files as f')
        .join('tickets as t', 't.id', 'f.ticket_id')
        .leftJoin('ticket_messages as m', 'm.id', 'f.ticket_message_id')
        .where('f.status', 'pending')
        .andWhere('f.created_at', '<', before)
        .andWhere((where) =>
          where
            .where('t.status', 'failed')
            .orWhere((posted) =>
              posted
                .whereNotNull('t.slack_ts')
                .andWhere((message) => message.whereNull('f.ticket_message_id').orWhereNot('m.status', 'pending')),
            ),
        )
        .orderBy('f.id')
        .limit(SWEEP_LIMIT)
        .pluck<(number | string)[]>('f.id');
      const held = await files()
        .whereNot('status', 'pending')
        .whereNotNull('twilio_media_url')
        .andWhere('updated_at', '<', before)
        .orderBy('id')
        .limit(SWEEP_LIMIT)
        .pluck<(number | string)[]>('id');
      return [...pending, ...held].map(Number);
    },
  };
}

function toFile(row: TicketFileRow): TicketFile {
  return {
    id: Number(row.id),
    ticketId: Number(row.ticket_id),
    followUpId: row.ticket_message_id === null ? null : Number(row.ticket_message_id),
    mediaUrl: row.twilio_media_url,
    contentType: row.content_type,
    status: row.status,
  };
}
