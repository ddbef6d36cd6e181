import {
  CONSENT_WORDING_VERSION,
  INTERACTION_TRANSITIONS,
  OUTBOUND_TRANSITIONS,
  type OutboundMove,
  type OutboundStore,
  UNSENT_STATUSES,
} from '@datadrill/core';
import type { Knex } from 'knex';
import {
  EARLY_REPORT,
  earlyOf,
  type OutboundRow,
  READ_MESSAGE,
  READ_MESSAGES,
  senderOf,
  toMessage,
} from './outbound-rows.js';
import {
  headerOf,
  inTransaction,
  placeholders,
  rowsOf,
  type Statement,
  sendPacket,
  withConnection,
} from './sql-packet.js';

/** `SET status = to … WHERE id = ? AND status IN (from)`: a move the table does not allow changes nothing. */
function move(id: number, name: OutboundMove, set: Record<string, unknown> = {}, also = '', where = ''): Statement {
  const { from, to } = OUTBOUND_TRANSITIONS[name];
  const columns = Object.keys(set)
    .map((column) => `, ${column} = ?`)
    .join('');
  return {
    sql: `UPDATE outbound_messages SET status = ?, updated_at = ?${columns}${also}
          WHERE id = ? AND status IN (${placeholders(from)})${where}`,
    bindings: [to, new Date(), ...Object.values(set), id, ...from],
  };
}

/**
 * pending → sending, counting the attempt: the claim before every Twilio call. Consent is enforced
 * here, where every message leaves: a message the bot starts is never claimed for a learner who
 * opted out, whatever path queued it, even one queued before the STOP.
 */
const claimStatement = (id: number) =>
  move(
    id,
    'claim',
    {},
    ', attempts = attempts + 1',
    ` AND (initiated_by = 'learner' OR NOT EXISTS (SELECT 1 FROM learners l WHERE l.address = outbound_messages.to_address AND l.opted_out_at IS NOT NULL))`,
  );

export function createOutboundRepository(db: Knex): OutboundStore {
  const table = () => db<OutboundRow>('outbound_messages');
  const run = (statements: readonly Statement[]) =>
    withConnection(db, (connection) => sendPacket(db, connection, statements));

  return {
    async claim(id) {
      const [claimed, rows] = await run([claimStatement(id), { sql: READ_MESSAGE, bindings: [id] }]);
      const [row] = rowsOf<OutboundRow>(rows);
      return row && { message: toMessage(row), claimed: headerOf(claimed).affectedRows === 1 };
    },

    async claimKnown(id) {
      const [claimed] = await run([claimStatement(id)]);
      return headerOf(claimed).affectedRows === 1;
    },

    async release(id) {
      await run([move(id, 'release')]);
    },

    async markSent(message, twilioSid) {
      const { interactionId } = message;
      // Every way of storing the SID also reads a failure report that overtook it, in the same packet.
      const early = { sql: EARLY_REPORT, bindings: [twilioSid] };
      if (interactionId === null) {
        const [, reports] = await run([move(message.id, 'sent', { twilio_sid: twilioSid }), early]);
        return { settled: false, early: earlyOf(reports) };
      }
      const sent = OUTBOUND_TRANSITIONS.sent;
      const delivered = INTERACTION_TRANSITIONS.delivered;
      const now = new Date();
      if (message.sole) {
        // The message and its interaction in one statement: a one-message reply is complete once sent.
        const [result, reports] = await run([
          {
            sql: `UPDATE outbound_messages o JOIN interactions i ON i.id = o.interaction_id
                  SET o.status = ?, o.twilio_sid = ?, o.updated_at = ?, i.status = ?, i.updated_at = ?
                  WHERE o.id = ? AND o.status IN (${placeholders(sent.from)}) AND i.status IN (${placeholders(delivered.from)})`,
            bindings: [
              sent.to,
              twilioSid,
              now,
              delivered.to(message.outcome),
              now,
              message.id,
              ...sent.from,
              ...delivered.from,
            ],
          },
          early,
        ]);
        if (headerOf(result).affectedRows > 0) return { settled: true, early: earlyOf(reports) };
      }
      // The interaction moves on only once no part of its reply is left to send.
      const [, settled, reports] = await run([
        move(message.id, 'sent', { twilio_sid: twilioSid }),
        {
          sql: `UPDATE interactions SET status = ?, updated_at = ? WHERE id = ? AND status IN (${placeholders(delivered.from)})
                AND NOT EXISTS (SELECT 1 FROM outbound_messages WHERE interaction_id = ? AND status IN (${placeholders(UNSENT_STATUSES)}))`,
          bindings: [
            delivered.to(message.outcome),
            now,
            interactionId,
            ...delivered.from,
            interactionId,
            ...UNSENT_STATUSES,
          ],
        },
        early,
      ]);
      return { settled: headerOf(settled).affectedRows > 0, early: earlyOf(reports) };
    },

    async markFailed(id, error, errorCode) {
      await run([move(id, 'failed', { error: error.slice(0, 512), error_code: errorCode ?? null })]);
    },

    async failInteraction(interactionId, error) {
      const { from, to } = INTERACTION_TRANSITIONS.failed;
      // One packet: read whether it counted under the row lock, then stop it counting.
      const [, rows, updated] = await inTransaction(db, (send) =>
        send([
          { sql: 'START TRANSACTION' },
          { sql: 'SELECT counted FROM interactions WHERE id = ? FOR UPDATE', bindings: [interactionId] },
          {
            sql: `UPDATE interactions SET status = ?, counted = 0, error = ?, updated_at = ? WHERE id = ? AND status IN (${placeholders(from)})`,
            bindings: [to(), error.slice(0, 512), new Date(), interactionId, ...from],
          },
          { sql: 'COMMIT' },
        ]),
      );
      const [row] = rowsOf<{ counted: number }>(rows);
      return headerOf(updated).affectedRows > 0 && Boolean(row?.counted);
    },

    async findBySid(twilioSid) {
      const row = await table().where({ twilio_sid: twilioSid }).first();
      return row && toMessage(row);
    },

    async markHandsetDelivered(id) {
      await run([move(id, 'delivered')]);
    },

    async stale(before, limit) {
      const rows = await db.raw(
        `${READ_MESSAGES} WHERE o.status IN (${placeholders(UNSENT_STATUSES)}) AND o.updated_at < ? ORDER BY o.updated_at LIMIT ?`,
        [...UNSENT_STATUSES, before, limit],
      );
      return (rows[0] as OutboundRow[]).map(toMessage);
    },

    async keepEarlyReport(report, at) {
      await db('early_delivery_reports')
        .insert({
          twilio_sid: report.messageSid,
          status: report.status,
          error_code: report.errorCode ?? null,
          received_at: at,
        })
        .onConflict('twilio_sid')
        .ignore();
    },

    async forgetEarlyReports(before) {
      await db('early_delivery_reports').where('received_at', '<', before).delete();
    },

    async optOut(to, channel, at) {
      const [, learner] = await run([
        { sql: 'UPDATE learners SET opted_out_at = COALESCE(opted_out_at, ?) WHERE address = ?', bindings: [at, to] },
        { sql: 'SELECT phone FROM learners WHERE address = ?', bindings: [to] },
      ]);
      const [row] = rowsOf<{ phone: string }>(learner);
      if (!row) return;
      await db('consent_events').insert({
        phone: row.phone,
        event: 'opt_out',
        keyword: null,
        channel,
        wording_version: CONSENT_WORDING_VERSION,
        created_at: at,
      });
    },

    async createNotice(to, body, contentSid) {
      const now = new Date();
      const [id] = await table().insert({
        to_address: to,
        from_address: senderOf(db, to),
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
