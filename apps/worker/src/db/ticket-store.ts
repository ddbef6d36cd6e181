import {
  ANSWER_PACE_WINDOW_MS,
  type LearnerTickets,
  median,
  type Ticket,
  type TicketStatus,
  type TicketStore,
} from '@datadrill/core';
import type { Knex } from 'knex';

interface TicketRow {
  id: number | string;
  phone: string;
  address: string;
  profile_name: string | null;
  question: string;
  challenge_code: string | null;
  status: TicketStatus;
  slack_ts: string | null;
  slack_permalink: string | null;
  created_at: Date;
  first_answered_at: Date | null;
  last_bumped_at: Date | null;
  closed_at: Date | null;
  closed_by: string | null;
  updated_at: Date;
}

const ER_DUP_ENTRY = 1062;
const UNSENT = ['pending', 'sending'];

/** A learner's tickets inside their transaction (the learner row's lock is held). */
export function createLearnerTickets(trx: Knex.Transaction, phone: string): LearnerTickets {
  return {
    async open() {
      const rows = await trx('tickets')
        .where({ phone, status: 'open' })
        .orderBy('id', 'desc')
        .select<{ id: number | string; challenge_code: string | null }[]>('id', 'challenge_code');
      return rows.map((row) => ({ id: Number(row.id), challengeCode: row.challenge_code }));
    },

    async lastChallengeCode() {
      const row = await trx('interactions')
        .where({ phone, outcome: 'challenge', counted: true })
        .orderBy('id', 'desc')
        .first<{ challenge_code: string | null } | undefined>('challenge_code');
      return row?.challenge_code ?? null;
    },

    async create(ticket) {
      const [id] = await trx('tickets').insert({
        phone: ticket.phone,
        address: ticket.address,
        profile_name: ticket.profileName?.slice(0, 256) ?? null,
        question: ticket.question,
        challenge_code: ticket.challengeCode,
        status: 'open',
        created_at: ticket.createdAt,
        updated_at: ticket.createdAt,
      });
      return Number(id);
    },

    async addFollowUp(ticketId, text, at) {
      const [id] = await trx('ticket_messages').insert({
        ticket_id: ticketId,
        kind: 'follow_up',
        text,
        status: 'pending',
        created_at: at,
        updated_at: at,
      });
      await trx('tickets').where({ id: ticketId }).update({ updated_at: at });
      return Number(id);
    },

    async standing(ticketId, now) {
      const ticket = await trx<TicketRow>('tickets').where({ id: ticketId }).first('first_answered_at');
      const ahead = ticket?.first_answered_at
        ? null
        : await trx('tickets')
            .where({ status: 'open' })
            .whereNull('first_answered_at')
            .andWhere('id', '<=', ticketId)
            .count<{ n: number }[]>({ n: '*' });
      const answered = await trx<TicketRow>('tickets')
        .where('first_answered_at', '>=', new Date(now.getTime() - ANSWER_PACE_WINDOW_MS))
        .select('created_at', 'first_answered_at');
      return {
        position: ahead ? Number(ahead[0]?.n ?? 0) : null,
        medianFirstAnswerMs: median(
          answered.map((row) => (row.first_answered_at?.getTime() ?? 0) - row.created_at.getTime()),
        ),
      };
    },

    async takeHeld() {
      const rows = await trx('ticket_messages as m')
        .join('tickets as t', 't.id', 'm.ticket_id')
        .where({ 't.phone': phone, 'm.kind': 'answer', 'm.status': 'held' })
        .orderBy('m.id')
        .forUpdate()
        .select<{ id: number | string; whatsapp_text: string }[]>('m.id', 'm.whatsapp_text');
      if (rows.length === 0) return [];
      await trx('ticket_messages')
        .whereIn(
          'id',
          rows.map((row) => row.id),
        )
        .update({ status: 'pending', updated_at: new Date() });
      return rows.map((row) => ({ answerId: Number(row.id), text: row.whatsapp_text }));
    },
  };
}

export function createTicketStore(db: Knex): TicketStore {
  const tickets = () => db<TicketRow>('tickets');
  const find = async (id: number) => {
    const row = await tickets().where({ id }).first();
    return row && toTicket(row);
  };
  const ticketOfAnswer = async (answerId: number) => {
    const row = await db('ticket_messages')
      .where({ id: answerId })
      .first<{ ticket_id: number } | undefined>('ticket_id');
    return row ? find(Number(row.ticket_id)) : undefined;
  };
  /**
   * Moves an answer on; the ticket when this call made the move. A `sent` answer can still fail:
   * Twilio accepts a message and reports WhatsApp's refusal later, through the status callback.
   */
  const settleAnswer = async (answerId: number, change: { status: string } & Record<string, unknown>) => {
    const updated = await db('ticket_messages')
      .where({ id: answerId, kind: 'answer' })
      .whereIn('status', change.status === 'sent' ? ['pending'] : ['pending', 'sent'])
      .update({ ...change, updated_at: new Date() });
    return updated > 0 ? ticketOfAnswer(answerId) : undefined;
  };
  const unsentOf = async (answerId: number) => {
    const rows = await db('outbound_messages')
      .where({ answer_id: answerId })
      .whereIn('status', UNSENT)
      .orderBy('id')
      .select<{ id: number | string }[]>('id');
    return rows.map((row) => Number(row.id));
  };

  return {
    find,

    async findByThread(ts) {
      const head = await tickets().where({ slack_ts: ts }).first();
      if (head) return toTicket(head);
      const inThread = await db('ticket_messages')
        .where({ slack_ts: ts })
        .first<{ ticket_id: number } | undefined>('ticket_id');
      return inThread ? find(Number(inThread.ticket_id)) : undefined;
    },

    async openCount(phone) {
      const [row] = await tickets().where({ phone, status: 'open' }).count<{ n: number }[]>({ n: '*' });
      return Number(row?.n ?? 0);
    },

    async markPosted(id, slackTs, permalink) {
      await tickets().where({ id }).update({ slack_ts: slackTs, slack_permalink: permalink, updated_at: new Date() });
    },

    async markFailed(id, reason) {
      await tickets()
        .where({ id, status: 'open' })
        .update({ status: 'failed', closed_by: `failed: ${reason}`.slice(0, 120), updated_at: new Date() });
    },

    async earlierAnswered(challengeCode, beforeId, limit) {
      const rows = await tickets()
        .where({ challenge_code: challengeCode })
        .andWhere('id', '<', beforeId)
        .whereNotNull('first_answered_at')
        .orderBy('id', 'desc')
        .limit(limit);
      return rows.map(toTicket);
    },

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
        return await db
          .transaction(async (trx) => {
            const [answerId] = await trx('ticket_messages').insert({
              ticket_id: ticket.id,
              kind: 'answer',
              author: answer.author.slice(0, 120),
              slack_user: answer.slackUser,
              text: answer.text,
              whatsapp_text: answer.whatsappText,
              status: 'pending',
              slack_ts: answer.slackTs,
              created_at: answer.at,
              updated_at: answer.at,
            });
            await trx('outbound_messages').insert(
              messages.map((body) => ({
                answer_id: answerId,
                to_address: ticket.address,
                body,
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
          })
          .then(unsentOf);
      } catch (error) {
        if ((error as { errno?: number }).errno !== ER_DUP_ENTRY) throw error;
        // Slack sent the same reply twice: whatever of it is still unsent goes (once) to the queue.
        const earlier = await db('ticket_messages')
          .where({ slack_ts: answer.slackTs })
          .first<{ id: number } | undefined>('id');
        return earlier ? unsentOf(Number(earlier.id)) : [];
      }
    },

    async close(id, by, at) {
      const closed = await tickets()
        .where({ id, status: 'open' })
        .update({ status: 'closed', closed_at: at, closed_by: by.slice(0, 120), updated_at: at });
      return closed > 0;
    },

    async dueForBump(before) {
      const rows = await tickets()
        .where({ status: 'open' })
        .whereNotNull('slack_ts')
        .whereNull('first_answered_at')
        .andWhere(db.raw('COALESCE(last_bumped_at, created_at)'), '<', before)
        .orderBy('id')
        .limit(50);
      return rows.map(toTicket);
    },

    async markBumped(id, at) {
      await tickets().where({ id }).update({ last_bumped_at: at });
    },

    async unposted(before) {
      const lostTickets = await tickets()
        .where({ status: 'open' })
        .whereNull('slack_ts')
        .andWhere('created_at', '<', before)
        .select('id');
      const lostFollowUps = await db('ticket_messages as m')
        .join('tickets as t', 't.id', 'm.ticket_id')
        .where({ 'm.kind': 'follow_up', 'm.status': 'pending' })
        .whereNot('t.status', 'failed')
        .andWhere('m.created_at', '<', before)
        .select<{ id: number | string }[]>('m.id');
      return {
        tickets: lostTickets.map((row) => Number(row.id)),
        followUps: lostFollowUps.map((row) => Number(row.id)),
      };
    },

    async answerSent(answerId) {
      if ((await unsentOf(answerId)).length > 0) return undefined;
      const answer = await db('ticket_messages')
        .where({ id: answerId })
        .first<{ held_at: Date | null } | undefined>('held_at');
      const ticket = await settleAnswer(answerId, { status: 'sent' });
      return ticket && { ticket, wasHeld: Boolean(answer?.held_at) };
    },

    answerHeld: (answerId, at) => settleAnswer(answerId, { status: 'held', held_at: at }),

    answerFailed: (answerId, reason) => settleAnswer(answerId, { status: 'failed', error: reason.slice(0, 512) }),
  };
}

function toTicket(row: TicketRow): Ticket {
  return {
    id: Number(row.id),
    phone: row.phone,
    address: row.address,
    profileName: row.profile_name,
    question: row.question,
    challengeCode: row.challenge_code,
    status: row.status,
    slackTs: row.slack_ts,
    slackPermalink: row.slack_permalink,
    createdAt: row.created_at,
    firstAnsweredAt: row.first_answered_at,
  };
}
