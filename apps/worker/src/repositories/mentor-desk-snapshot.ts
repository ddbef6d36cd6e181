import { ANSWER_PACE_WINDOW_MS, ANSWER_TRANSITIONS } from '@datadrill/core';
import type { Part } from './snapshot-part.js';
import { placeholders } from './sql-packet.js';

// The mentor desk's parts of a learner's snapshot: held answers, open tickets and the ticket queue.

/** Held answers are locked too: each is handed out once, with this reply. */
export function heldAnswers(phone: string): Part {
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

/**
 * The learner's open tickets and the desk's queue; with `onlyWithOpenTicket` the queue's statements
 * read nothing unless the learner has a ticket open (text that is no command is rarely a follow-up).
 */
export function ticketQueue(phone: string, now: Date, onlyWithOpenTicket: boolean): Part[] {
  const guard = onlyWithOpenTicket
    ? " AND EXISTS (SELECT 1 FROM tickets o WHERE o.phone = ? AND o.status = 'open')"
    : '';
  const guarded = onlyWithOpenTicket ? [phone] : [];
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
      statement: {
        sql: `SELECT id FROM tickets WHERE status = 'open' AND first_answered_at IS NULL${guard} ORDER BY id`,
        bindings: guarded,
      },
      read: (rows, loaded) => {
        loaded.ticketQueue = { ...loaded.ticketQueue, unansweredIds: rows.map((row) => Number(row.id)) };
      },
    },
    {
      statement: {
        sql: `SELECT created_at, first_answered_at FROM tickets WHERE first_answered_at >= ?${guard}`,
        bindings: [new Date(now.getTime() - ANSWER_PACE_WINDOW_MS), ...guarded],
      },
      read: (rows, loaded) => {
        const waits = rows.map((row) => (row.first_answered_at as Date).getTime() - (row.created_at as Date).getTime());
        loaded.ticketQueue = { ...loaded.ticketQueue, recentFirstAnswerMs: waits };
      },
    },
  ];
}
