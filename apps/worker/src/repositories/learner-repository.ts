import type { InboundRecord, LearnerRepository, LearnerTurn, Plan, SnapshotRequest, Topic } from '@datadrill/core';
import type { Knex } from 'knex';
import { createAnswerPace } from './mentor-desk-snapshot.js';
import { persistStatements, ticketStatement } from './plan-persist.js';
import { retryTransient } from './retry-transient.js';
import { readSnapshot, snapshotStatements } from './snapshot-load.js';
import { headerOf, inTransaction, rowsOf, type Statement, type StatementResult } from './sql-packet.js';

const ER_DUP_ENTRY = 1062;

/**
 * A learner's turn as one transaction in two round trips: the lock and the snapshot in one packet,
 * the plan's writes and the COMMIT in the other (a new ticket adds one, for its number).
 */
export function createLearnerRepository(db: Knex, quotaKey: (phone: string) => string): LearnerRepository {
  const pace = createAnswerPace(db);
  return {
    async dailyTopic(phone) {
      const [row] = await db('learner_challenges')
        .where({ phone })
        .groupBy('topic')
        .select<{ topic: Topic }[]>('topic')
        .orderByRaw('MAX(last_sent_at)')
        .limit(1);
      return row?.topic;
    },

    async turn(request, record, decide) {
      const waits = request.tickets === 'none' ? [] : await pace.recentFirstAnswerMs(record.createdAt);
      const decideWithPace = (snapshot: ReturnType<typeof readSnapshot>) =>
        decide({ ...snapshot, ticketQueue: { ...snapshot.ticketQueue, recentFirstAnswerMs: waits } });
      return retryTransient(async () => {
        try {
          return await inTransaction(db, (send) => runTurn(send, request, record, decideWithPace, quotaKey));
        } catch (error) {
          // The message was recorded before (a first run that did not look, or a parallel one): the
          // unique inbound SID refused this record, so a second turn looks and finds it.
          if ((error as { errno?: number }).errno !== ER_DUP_ENTRY) throw error;
          const looking = { ...record, mayBeRecorded: true };
          return inTransaction(db, (send) => runTurn(send, request, looking, decideWithPace, quotaKey));
        }
      });
    },
  };
}

async function runTurn(
  send: (statements: readonly Statement[]) => Promise<StatementResult[]>,
  request: SnapshotRequest,
  record: InboundRecord,
  decide: (snapshot: ReturnType<typeof readSnapshot>) => Plan,
  quotaKey: (phone: string) => string,
): Promise<LearnerTurn> {
  const parts = snapshotStatements(request, record, quotaKey);
  const results = await send([
    { sql: 'START TRANSACTION' },
    // The upsert takes the learner row's exclusive lock, held until COMMIT: every other turn of
    // this learner waits here, so the quota check and the challenge it allows never interleave.
    // A message from the learner is their last contact, and answers the daily challenges before it.
    // A scheduled send only locks an existing learner: it never brings back one who was erased.
    record.scheduled
      ? {
          sql: 'SELECT phone, sender_address FROM learners WHERE phone = ? FOR UPDATE',
          bindings: [request.learner.phone],
        }
      : {
          // The sender they wrote to is kept: notices and scheduled sends go from it too.
          sql: `INSERT INTO learners (phone, address, sender_address, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
              ON DUPLICATE KEY UPDATE last_seen_at = VALUES(last_seen_at), address = VALUES(address), daily_unanswered = 0,
              sender_address = COALESCE(VALUES(sender_address), sender_address)`,
          bindings: [
            request.learner.phone,
            request.learner.address,
            request.learner.sender ?? null,
            record.createdAt,
            record.createdAt,
          ],
        },
    ...parts.map((part) => part.statement),
  ]);
  const [locked] = rowsOf<{ sender_address: string | null }>(results[1]);
  if (record.scheduled && !locked) {
    await send([{ sql: 'COMMIT' }]);
    return { kind: 'no-learner' };
  }
  const from = (record.scheduled ? locked?.sender_address : request.learner.sender) ?? null;
  const snapshot = readSnapshot(request, parts, results.slice(2));
  const { earlier } = snapshot;
  if (earlier) {
    await send([{ sql: 'COMMIT' }]);
    const { status, unsentIds, ...handled } = earlier;
    return { kind: 'recorded-before', handled, status, unsentIds };
  }
  const plan = decide(snapshot);
  const ticket = ticketStatement(plan);
  const ticketId = ticket ? headerOf((await send([ticket]))[0]).insertId : undefined;
  const persist = persistStatements(record, request.learner, plan, ticketId, from);
  const persisted = persist.read(await send(persist.statements));
  return {
    kind: 'recorded',
    plan,
    interactionId: persisted.interactionId,
    messages: persist.messages,
    outboundIds: persisted.outboundIds,
    from,
    ...(ticketId === undefined ? {} : { ticketId }),
    ...(persisted.followUpId === undefined ? {} : { followUpId: persisted.followUpId }),
  };
}
