import { CONSENT_WORDING_VERSION, type PrivacyStore, UNSENT_STATUSES, windowStart } from '@datadrill/core';
import type { Knex } from 'knex';
import { inTransaction, type Statement } from './sql-packet.js';

/** The school dashboard's summary tables that hold a number (migrations 013 and 014). */
const SUMMARIES_BY_PHONE = ['insights_learner_days', 'insights_learners', 'insights_learner_topics'];

/** Every address the learner was written to or from (their WhatsApp address and their bare number). */
const addresses = (phone: string) => [`whatsapp:+${phone}`, `+${phone}`];

export function createPrivacyRepository(
  db: Knex,
): PrivacyStore & { export(phone: string): Promise<Record<string, unknown[]>> } {
  const mine = (phone: string) => ({
    interactions: db('interactions').where({ phone }),
    attempts: db('attempts').where({ phone }),
    learner_challenges: db('learner_challenges').where({ phone }),
    outbound_messages: db('outbound_messages').whereIn('to_address', addresses(phone)),
    tickets: db('tickets').where({ phone }),
    ticket_messages: db('ticket_messages').whereIn('ticket_id', db('tickets').select('id').where({ phone })),
    ticket_files: db('ticket_files').whereIn('ticket_id', db('tickets').select('id').where({ phone })),
    roster: db('roster').where({ phone }),
    consent_events: db('consent_events').where({ phone }),
    learners: db('learners').where({ phone }),
    // The school dashboard's summaries of them (rolled up from the rows above).
    ...Object.fromEntries(SUMMARIES_BY_PHONE.map((table) => [table, db(table).where({ phone })])),
  });

  return {
    async traces(phone) {
      // Unsent first: a message that settles after this count is read with its SID below, never missed.
      const [unsent] = await db('outbound_messages')
        .whereIn('to_address', addresses(phone))
        .whereIn('status', UNSENT_STATUSES)
        .count<{ n: number }[]>({ n: '*' });
      const inbound = await db('interactions').where({ phone }).pluck<string[]>('inbound_sid');
      const outbound = await db('outbound_messages')
        .whereIn('to_address', addresses(phone))
        .whereNotNull('twilio_sid')
        .pluck<string[]>('twilio_sid');
      const heads = await db('tickets').where({ phone }).whereNotNull('slack_ts').pluck<string[]>('slack_ts');
      const followUps = await db('ticket_messages as m')
        .join('tickets as t', 't.id', 'm.ticket_id')
        .where({ 't.phone': phone, 'm.kind': 'follow_up' })
        .whereNotNull('m.slack_ts')
        .pluck<string[]>('m.slack_ts');
      const media = await db('ticket_files as f')
        .join('tickets as t', 't.id', 'f.ticket_id')
        .where({ 't.phone': phone })
        .whereNotNull('f.twilio_media_url')
        .pluck<string[]>('f.twilio_media_url');
      const slackFiles = await db('ticket_files as f')
        .join('tickets as t', 't.id', 'f.ticket_id')
        .where({ 't.phone': phone })
        .whereNotNull('f.slack_file_id')
        .pluck<string[]>('f.slack_file_id');
      return {
        messageSids: [...inbound, ...outbound],
        slackPosts: [...followUps, ...heads],
        media,
        slackFiles,
        unsent: Number(unsent?.n ?? 0),
      };
    },

    async erase(phone, quotaKey, at) {
      const [whatsapp, bare] = addresses(phone);
      const tickets = '(SELECT id FROM tickets WHERE phone = ?)';
      const statements: Statement[] = [
        { sql: 'START TRANSACTION' },
        // What survives: the keyed hash with the times still counting toward the daily limit.
        {
          sql: `INSERT INTO quota_keys (key_hash, counted_at) SELECT ?, created_at FROM interactions
                WHERE phone = ? AND counted = 1 AND created_at > ?`,
          bindings: [quotaKey, phone, windowStart(at)],
        },
        { sql: 'DELETE FROM attempts WHERE phone = ?', bindings: [phone] },
        { sql: 'DELETE FROM learner_challenges WHERE phone = ?', bindings: [phone] },
        {
          sql: `DELETE FROM early_delivery_reports WHERE twilio_sid IN
                (SELECT twilio_sid FROM outbound_messages WHERE to_address IN (?, ?))`,
          bindings: [whatsapp, bare],
        },
        {
          sql: `DELETE FROM outbound_messages WHERE to_address IN (?, ?)
                OR interaction_id IN (SELECT id FROM interactions WHERE phone = ?)
                OR answer_id IN (SELECT id FROM ticket_messages WHERE ticket_id IN ${tickets})`,
          bindings: [whatsapp, bare, phone, phone],
        },
        { sql: `DELETE FROM ticket_files WHERE ticket_id IN ${tickets}`, bindings: [phone] },
        { sql: `DELETE FROM ticket_messages WHERE ticket_id IN ${tickets}`, bindings: [phone] },
        { sql: 'DELETE FROM tickets WHERE phone = ?', bindings: [phone] },
        { sql: 'DELETE FROM interactions WHERE phone = ?', bindings: [phone] },
        { sql: 'DELETE FROM roster WHERE phone = ?', bindings: [phone] },
        { sql: 'DELETE FROM consent_events WHERE phone = ?', bindings: [phone] },
        // The dashboard's summaries keyed by their number (the rest count learners without naming any).
        ...SUMMARIES_BY_PHONE.map((table) => ({ sql: `DELETE FROM ${table} WHERE phone = ?`, bindings: [phone] })),
        // The fact and time of the erasure, without the number.
        {
          sql: `INSERT INTO consent_events (phone, event, keyword, channel, wording_version, created_at)
                VALUES (NULL, 'erased', NULL, 'whatsapp', ?, ?)`,
          bindings: [CONSENT_WORDING_VERSION, at],
        },
        { sql: 'DELETE FROM learners WHERE phone = ?', bindings: [phone] },
        { sql: 'COMMIT' },
      ];
      await inTransaction(db, (send) => send(statements));
    },

    async export(phone) {
      const tables = mine(phone);
      const entries = await Promise.all(
        Object.entries(tables).map(async ([table, query]) => [table, await query.select('*')] as const),
      );
      return Object.fromEntries(entries);
    },
  };
}

/** Drops the hashes of counted challenges that left the 24-hour window. */
export async function forgetExpiredQuotaKeys(db: Knex, now: Date): Promise<void> {
  await db('quota_keys').where('counted_at', '<=', windowStart(now)).delete();
}
