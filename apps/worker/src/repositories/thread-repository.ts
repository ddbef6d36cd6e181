import { ANSWER_TRANSITIONS, type ThreadStore, type TicketStore, UNSENT_STATUSES } from '@datadrill/core';
import type { Knex } from 'knex';
import { senderOf } from './outbound-rows.js';
import { retryTransient } from './retry-transient.js';

const ER_DUP_ENTRY = 1062;

/** The messages in tickets' threads: learners' follow-ups (posted to Slack) and mentors' answers (sent on WhatsApp). */
export function createThreadRepository(db: Knex, tickets: Pick<TicketStore, 'find'>): ThreadStore {
  const ticketOfAnswer = async (answerId: number) => {
    const row = await db('ticket_messages')
      .where({ id: answerId })
      .first<{ ticket_id: number } | undefined>('ticket_id');
    return row ? tickets.find(Number(row.ticket_id)) : undefined;
  };
  /**
   * Moves an answer on; the ticket when this call made the move. A `sent` answer can still fail:
   * Twilio accepts a message and reports WhatsApp's refusal later, through the status callback.
   */
  const settleAnswer = async (
    answerId: number,
    name: 'sent' | 'held' | 'failed',
    set: Record<string, unknown> = {},
  ) => {
    const { from, to } = ANSWER_TRANSITIONS[name];
    const updated = await db('ticket_messages')
      .where({ id: answerId, kind: 'answer' })
      .whereIn('status', from)
      .update({ ...set, status: to, updated_at: new Date() });
    return updated > 0 ? ticketOfAnswer(answerId) : undefined;
  };
  const unsentOf = async (answerId: number) => {
    const rows = await db('outbound_messages')
      .where({ answer_id: answerId })
      .whereIn('status', UNSENT_STATUSES)
      .orderBy('id')
      .select<{ id: number | string }[]>('id');
    return rows.map((row) => Number(row.id));
  };

  return {
    async findFollowUp(id) {
      const row = await db('ticket_messages')
        .where({ id, kind: 'follow_up' })
        .first<{ id: number; ticket_id: number; text: string; status: string } | undefined>();
      return (
        row && { id: Number(row.id), ticketId: Number(row.ticket_id), text: row.text, posted: row.status !== 'pending' }
      );
    },

    async markFollowUpPosted(id, slackTs) {
      await db('ticket_messages').where({ id }).update({ status: 'posted', slack_ts: slackTs, updated_at: new Date() });
    },

    async recordAnswer(ticket, answer, messages) {
      try {
        return await retryTransient(() =>
          db.transaction(async (trx) => {
            // The ticket's row first: two mentors answering at once queue here rather than
            // taking the message and ticket locks in opposite orders (a deadlock).
            await trx('tickets').where({ id: ticket.id }).forUpdate().first('id');
            const [answerId] = await trx('ticket_messages').insert({
              ticket_id: ticket.id,
              kind: 'answer',
              author: answer.author.slice(0, 120),
              slack_user: answer.slackUser,
              text: answer.text,
              whatsapp_text: answer.whatsappText,
              attachments: answer.attachments.length > 0 ? JSON.stringify(answer.attachments) : null,
              status: 'pending',
              slack_ts: answer.slackTs,
              created_at: answer.at,
              updated_at: answer.at,
            });
            await trx('outbound_messages').insert(
              messages.map(({ body, mediaUrl }) => ({
                answer_id: answerId,
                to_address: ticket.address,
                from_address: senderOf(trx, ticket.address),
                body,
                media_url: mediaUrl,
                status: 'pending',
                created_at: answer.at,
                updated_at: answer.at,
              })),
            );
            await trx('tickets')
              .where({ id: ticket.id })
              .update({
                first_answered_at: trx.raw('COALESCE(first_answered_at, ?)', [answer.at]),
                updated_at: answer.at,
              });
            return Number(answerId);
          }),
        ).then(unsentOf);
      } catch (error) {
        if ((error as { errno?: number }).errno !== ER_DUP_ENTRY) throw error;
        // Slack sent the same reply twice: whatever of it is still unsent goes (once) to the queue.
        const earlier = await db('ticket_messages')
          .where({ slack_ts: answer.slackTs })
          .first<{ id: number } | undefined>('id');
        return earlier ? unsentOf(Number(earlier.id)) : [];
      }
    },

    async answerSent(answerId) {
      if ((await unsentOf(answerId)).length > 0) return undefined;
      const answer = await db('ticket_messages')
        .where({ id: answerId })
        .first<{ held_at: Date | null } | undefined>('held_at');
      const ticket = await settleAnswer(answerId, 'sent');
      return ticket && { ticket, wasHeld: Boolean(answer?.held_at) };
    },

    answerHeld: (answerId, at) => settleAnswer(answerId, 'held', { held_at: at }),

    answerFailed: (answerId, reason) => settleAnswer(answerId, 'failed', { error: reason.slice(0, 512) }),
  };
}
