import { ANSWER_PACE_WINDOW_MS, ANSWER_TRANSITIONS, type HeldAnswer } from '@datadrill/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Part } from './snapshot-part.js';
import { placeholders } from './sql-packet.js';

// The mentor desk's parts of a learner's snapshot: held answers, open tickets and the ticket queue.

/** Statuses of an answer's message that reached the learner: that part is not sent again. */
const REACHED = ['sent', 'delivered'] as const;

/**
 * Held answers are locked too: each is handed out once, with this reply. Each comes with the parts
 * WhatsApp took before it refused the rest (one row per part, none when nothing went out).
 */
export function heldAnswers(phone: string): Part {
  const held = ANSWER_TRANSITIONS.release.from;
  return {
    statement: {
      sql: `SELECT m.id, m.whatsapp_text, m.attachments, o.body AS delivered FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
            LEFT JOIN outbound_messages o ON o.answer_id = m.id AND o.status IN (${placeholders(REACHED)})
            WHERE t.phone = ? AND m.kind = 'answer' AND m.status IN (${placeholders(held)}) ORDER BY m.id, o.id FOR UPDATE`,
      bindings: [...REACHED, phone, ...held],
    },
    read: (rows, loaded) => {
      const answers = new Map<number, HeldAnswer & { delivered: string[] }>();
      for (const row of rows) {
        const answerId = Number(row.id);
        const answer = answers.get(answerId) ?? {
          answerId,
          text: String(row.whatsapp_text),
          delivered: [],
          attachments: attachmentsOf(row.attachments),
        };
        if (row.delivered !== null) answer.delivered.push(String(row.delivered));
        answers.set(answerId, answer);
      }
      loaded.heldAnswers = [...answers.values()];
    },
  };
}

/** A held answer's files as stored (JSON); one that no longer reads goes without them. */
function attachmentsOf(stored: unknown): HeldAnswer['attachments'] {
  if (typeof stored !== 'string') return undefined;
  try {
    const parsed = z.array(z.object({ body: z.string(), mediaUrl: z.string() })).safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The learner's open tickets and the desk's queue; with `onlyWithOpenTicket` the queue's statements
 * read nothing unless the learner has a ticket open (text that is no command is rarely a follow-up).
 */
export function ticketQueue(phone: string, onlyWithOpenTicket: boolean): Part[] {
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
  ];
}

/** How often the mentors' pace is read again; between reads every turn uses the last one. */
const PACE_REFRESH_MS = 60_000;

/**
 * The mentors' recent pace (ask → first answer over the last 7 days), read outside any learner's
 * lock at most once a minute per process: it changes slowly, and reading every recent ticket
 * inside each learner's transaction would hold the lock for it.
 */
export function createAnswerPace(db: Knex) {
  let cached: { at: number; waits: number[] } | undefined;
  let reading: Promise<number[]> | undefined;
  const read = async (now: Date) => {
    const rows = await db('tickets')
      .where('first_answered_at', '>=', new Date(now.getTime() - ANSWER_PACE_WINDOW_MS))
      .select<{ created_at: Date; first_answered_at: Date }[]>('created_at', 'first_answered_at');
    const waits = rows.map((row) => row.first_answered_at.getTime() - row.created_at.getTime());
    cached = { at: now.getTime(), waits };
    return waits;
  };
  return {
    async recentFirstAnswerMs(now: Date): Promise<number[]> {
      if (cached && now.getTime() - cached.at < PACE_REFRESH_MS) return cached.waits;
      reading ??= read(now).finally(() => {
        reading = undefined;
      });
      return reading;
    },
  };
}
