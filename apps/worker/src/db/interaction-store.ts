import {
  type CandidateChallenge,
  type Difficulty,
  DuplicateInboundError,
  type InteractionDeliveries,
  type InteractionStore,
  type LearnerLedger,
  type NewInteraction,
  type OutboundMessage,
  type OutboundStore,
  type Topic,
} from '@datadrill/core';
import type { Knex } from 'knex';
import { retryTransient } from './retry-transient.js';
import { type ChallengeRow, type InteractionRow, readChallenge, toChallenge, toInteraction } from './rows.js';
import { createLearnerTickets } from './ticket-store.js';

const ER_DUP_ENTRY = 1062;

/** A delivered interaction's status: a limit reply stays `limited` for the analysts, the rest is `sent`. */
const deliveredStatus = (alias = '') => `IF(${alias}outcome = 'limited', 'limited', 'sent')`;

export function createInteractionStore(db: Knex): InteractionStore {
  return {
    async findByInboundSid(inboundSid) {
      const row = await db<InteractionRow>('interactions').where({ inbound_sid: inboundSid }).first();
      return row && toInteraction(row);
    },

    withLearner(phone, work) {
      return retryTransient(() =>
        db.transaction(async (trx) => {
          const now = new Date();
          // The upsert takes the learner row's exclusive lock, held until commit: every
          // other transaction for this learner waits here, so count-then-insert is atomic.
          await trx.raw(
            'INSERT INTO learners (phone, first_seen_at, last_seen_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE last_seen_at = VALUES(last_seen_at)',
            [phone, now, now],
          );
          return work(createLedger(trx, phone));
        }),
      );
    },
  };
}

/**
 * The interaction log's side of deliveries; `markSent` records a sent message (the outbound store's),
 * `onDelivered` sees each delivered challenge (metrics).
 */
export function createInteractionDeliveries(
  db: Knex,
  markSent: OutboundStore['markSent'],
  onDelivered: (challenge: { topic: Topic; difficulty: Difficulty }) => void = () => {},
): InteractionDeliveries {
  /** The message and its interaction in one statement, for a one-message reply; false if already settled. */
  const settleSole = async (message: OutboundMessage, twilioSid: string) => {
    const now = new Date();
    const updated = await db('outbound_messages as o')
      .join('interactions as i', 'i.id', 'o.interaction_id')
      .where({ 'o.id': message.id, 'i.status': 'pending' })
      .update({
        'o.status': 'sent',
        'o.twilio_sid': twilioSid,
        'o.updated_at': now,
        'i.status': db.raw(deliveredStatus('i.')),
        'i.updated_at': now,
      });
    return updated > 0;
  };
  // One statement: the interaction moves on only once no part of its reply is left to send.
  const settleWhenComplete = (message: OutboundMessage) =>
    db('interactions')
      .where({ id: message.interactionId, status: 'pending' })
      .whereNotExists(
        db('outbound_messages')
          .where({ interaction_id: message.interactionId })
          .whereIn('status', ['pending', 'sending'])
          .select(db.raw('1')),
      )
      .update({ status: db.raw(deliveredStatus()), updated_at: new Date() });

  return {
    async sent(message, twilioSid) {
      let settled = message.sole && (await settleSole(message, twilioSid));
      if (!settled) {
        await markSent(message.id, twilioSid);
        settled = (await settleWhenComplete(message)) > 0;
      }
      if (settled && message.challenge) onDelivered(message.challenge);
    },

    async failed(id, error) {
      return db.transaction(async (trx) => {
        const row = await trx<InteractionRow>('interactions').where({ id }).forUpdate().first();
        if (!row || row.status === 'failed') return false;
        await trx('interactions')
          .where({ id })
          .update({ status: 'failed', counted: false, error: error.slice(0, 512), updated_at: new Date() });
        return Boolean(row.counted);
      });
    },
  };
}

function createLedger(trx: Knex.Transaction, phone: string): LearnerLedger {
  return {
    tickets: createLearnerTickets(trx, phone),

    async countedSince(since) {
      const rows = await trx('interactions')
        .select<{ created_at: Date }[]>('created_at')
        .where({ phone, counted: true })
        .andWhere('created_at', '>', since);
      return rows.map((row) => row.created_at);
    },

    async sentCounts(topic) {
      const rows = await trx('interactions')
        .where({ phone, topic, counted: true })
        .whereNotNull('challenge_code')
        .groupBy('difficulty')
        .select<{ difficulty: Difficulty; sent: number }[]>('difficulty', trx.raw('COUNT(*) AS sent'));
      return Object.fromEntries(rows.map((row) => [row.difficulty, Number(row.sent)]));
    },

    async wasSent(code) {
      const row = await trx('interactions').where({ phone, challenge_code: code, counted: true }).first('id');
      return row !== undefined;
    },

    // Whole rows (a cell is a few dozen short texts), so the chosen one needs no second round
    // trip; a correlated MAX rather than GROUP BY, which would sort the TEXT columns in a temp table.
    async candidates(topic, difficulty): Promise<CandidateChallenge[]> {
      const lastSent = trx('interactions as i')
        .max('i.created_at')
        .where({ 'i.phone': phone, 'i.counted': true })
        .andWhere('i.challenge_code', trx.ref('c.code'));
      const rows: Array<ChallengeRow & { last_sent_at: Date | null }> = await trx('challenges as c')
        .where({ 'c.topic': topic, 'c.difficulty': difficulty })
        .whereNull('c.retired_at')
        .select('c.*', lastSent.as('last_sent_at'));
      return rows.map((row) => ({ code: row.code, lastSentAt: row.last_sent_at, challenge: toChallenge(row) }));
    },

    challenge: (code) => readChallenge(trx, code),

    async record(entry: NewInteraction, messages, to) {
      try {
        const [id] = await trx('interactions').insert({
          inbound_sid: entry.inboundSid,
          phone: entry.phone,
          keywords: entry.keywords,
          command: entry.command,
          topic: entry.topic,
          difficulty: entry.difficulty,
          outcome: entry.outcome,
          counted: entry.counted,
          challenge_code: entry.challengeCode,
          status: 'pending',
          reply: entry.reply,
          created_at: entry.createdAt,
          updated_at: entry.createdAt,
        });
        const [first] = await trx('outbound_messages').insert(
          messages.map(({ body, answerId }) => ({
            interaction_id: id,
            answer_id: answerId ?? null,
            to_address: to,
            body,
            status: 'pending',
            created_at: entry.createdAt,
            updated_at: entry.createdAt,
          })),
        );
        // One row (nearly every reply) reports its id; several are read back rather than assume
        // that a multi-row insert got consecutive ids.
        const outboundIds =
          messages.length === 1
            ? [Number(first)]
            : (
                await trx('outbound_messages')
                  .where({ interaction_id: id })
                  .orderBy('id')
                  .select<{ id: number }[]>('id')
              ).map((row) => Number(row.id));
        return { ...entry, id: Number(id), status: 'pending' as const, error: null, outboundIds };
      } catch (error) {
        if ((error as { errno?: number }).errno === ER_DUP_ENTRY) throw new DuplicateInboundError(entry.inboundSid);
        throw error;
      }
    },
  };
}
