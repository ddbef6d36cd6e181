import type { Ticket, TicketStatus, TicketStore } from '@datadrill/core';
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

/** The desk's side of tickets, outside any learner's lock (a learner's turn writes new ones). */
export function createTicketRepository(db: Knex): TicketStore {
  const tickets = () => db<TicketRow>('tickets');
  const find = async (id: number) => {
    const row = await tickets().where({ id }).first();
    return row && toTicket(row);
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
