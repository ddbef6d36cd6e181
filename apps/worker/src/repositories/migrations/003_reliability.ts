import type { Knex } from 'knex';

/** What the outbox sweep and early status reports need. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('outbound_messages', (table) => {
    // The sweep finds messages left pending or sending for minutes.
    table.index(['status', 'updated_at']);
  });
  // A failure report from Twilio can overtake the worker storing the message's SID: it is kept here
  // and applied when the SID lands (or forgotten after a day, for a message that was never ours).
  await db.schema.createTable('early_delivery_reports', (table) => {
    table.string('twilio_sid', 64).primary();
    table.string('status', 16).notNullable();
    table.integer('error_code');
    table.datetime('received_at', { precision: 3 }).notNullable();
    table.index(['received_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('early_delivery_reports');
  await db.schema.alterTable('outbound_messages', (table) => {
    table.dropIndex(['status', 'updated_at']);
  });
}
