import {
  ANSWER_TRANSITIONS,
  INTERACTION_TRANSITIONS,
  type InboundRecord,
  type LearnerIdentity,
  type OutgoingText,
  type Plan,
  planMessages,
  replyText,
} from '@datadrill/core';
import { coachStatements } from './coach-persist.js';
import { headerOf, placeholders, rowsOf, type Statement, type StatementResult } from './sql-packet.js';
import { ticketFileStatements } from './ticket-file-repository.js';

/** The ids a plan's rows got, for the jobs that follow it. */
export interface PersistedPlan {
  interactionId: number;
  outboundIds: number[];
  followUpId?: number;
}

/** A new ticket goes first, on its own: the reply names its number. */
export function ticketStatement(plan: Plan): Statement | undefined {
  const ticket = plan.ticket;
  if (!ticket) return undefined;
  return {
    sql: `INSERT INTO tickets (phone, address, profile_name, question, challenge_code, status, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`,
    bindings: [
      ticket.phone,
      ticket.address,
      ticket.profileName?.slice(0, 256) ?? null,
      ticket.question,
      ticket.challengeCode,
      ticket.createdAt,
      ticket.createdAt,
    ],
  };
}

/** Labels for the results a caller reads back from the persist packet. */
export interface PersistStatements {
  statements: Statement[];
  /** The reply's WhatsApp messages, in the order of their rows. */
  messages: OutgoingText[];
  read(results: readonly StatementResult[]): PersistedPlan;
}

/**
 * The rest of a plan as one packet ending in COMMIT: the interaction, its outbound messages, the
 * held answers it releases and a follow-up for a ticket's thread.
 */
export function persistStatements(
  record: InboundRecord,
  learner: LearnerIdentity,
  plan: Plan,
  ticketId: number | undefined,
  from: string | null = null,
): PersistStatements {
  const at = record.createdAt;
  const messages = planMessages(plan, ticketId);
  const statements: Statement[] = [
    {
      sql: `INSERT INTO interactions (inbound_sid, phone, keywords, via, command, topic, difficulty, outcome, counted,
            challenge_code, status, reply, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      bindings: [
        record.inboundSid,
        record.phone,
        record.keywords,
        record.via ?? 'typed',
        plan.command ?? record.command,
        plan.topic,
        plan.difficulty,
        plan.outcome,
        plan.counted,
        plan.challengeCode,
        // Nothing to send (a keyword Twilio already answered): settled at once.
        messages.length === 0 ? INTERACTION_TRANSITIONS.delivered.to(plan.outcome) : 'pending',
        replyText(plan, ticketId),
        at,
        at,
      ],
    },
    { sql: 'SET @interaction = LAST_INSERT_ID()' },
    ...coachStatements(record, plan),
  ];
  const labels: { insert?: number; readBack?: number; followUp?: number } = {};
  if (messages.length > 0) {
    labels.insert = statements.length;
    statements.push({
      // A reply to the learner's own message: sent even after they opted out (they wrote first).
      sql: `INSERT INTO outbound_messages (interaction_id, answer_id, to_address, from_address, body, content_sid, actions, media_url, status, initiated_by, created_at, updated_at)
            VALUES ${messages.map(() => "(@interaction, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)").join(', ')}`,
      bindings: messages.flatMap(({ body, answerId, actions, mediaUrl }) => [
        answerId ?? null,
        learner.address,
        from,
        body,
        plan.contentSid ?? null,
        actions ? JSON.stringify(actions) : null,
        mediaUrl ?? null,
        plan.initiatedBy ?? 'learner',
        at,
        at,
      ]),
    });
    // One row (nearly every reply) reports its id; several are read back rather than assume that a
    // multi-row insert got consecutive ids.
    if (messages.length > 1) {
      labels.readBack = statements.length;
      statements.push({ sql: 'SELECT id FROM outbound_messages WHERE interaction_id = @interaction ORDER BY id' });
    }
  }
  if (plan.release.length > 0) {
    const ids = plan.release.map((answer) => answer.answerId);
    const { from, to } = ANSWER_TRANSITIONS.release;
    statements.push({
      sql: `UPDATE ticket_messages SET status = ?, updated_at = ?
            WHERE id IN (${placeholders(ids)}) AND kind = 'answer' AND status IN (${placeholders(from)})`,
      bindings: [to, at, ...ids, ...from],
    });
  }
  if (plan.followUp) {
    statements.push({
      sql: `INSERT INTO ticket_messages (ticket_id, kind, text, status, created_at, updated_at)
            VALUES (?, 'follow_up', ?, 'pending', ?, ?)`,
      bindings: [plan.followUp.ticketId, plan.followUp.text, at, at],
    });
    labels.followUp = statements.length - 1;
    // The follow-up's files name it.
    if (plan.ticketFiles?.length) statements.push({ sql: 'SET @follow_up = LAST_INSERT_ID()' });
    statements.push({ sql: 'UPDATE tickets SET updated_at = ? WHERE id = ?', bindings: [at, plan.followUp.ticketId] });
  }
  statements.push(...ticketFileStatements(plan, ticketId, at));
  statements.push({ sql: 'COMMIT' });
  return {
    statements,
    messages,
    read(results) {
      const { insert, readBack } = labels;
      return {
        interactionId: headerOf(results[0]).insertId,
        outboundIds:
          readBack !== undefined
            ? rowsOf<{ id: number | string }>(results[readBack]).map((row) => Number(row.id))
            : insert !== undefined
              ? [headerOf(results[insert]).insertId]
              : [],
        ...(labels.followUp === undefined ? {} : { followUpId: headerOf(results[labels.followUp]).insertId }),
      };
    },
  };
}
