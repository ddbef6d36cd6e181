import type { Knex } from 'knex';

/**
 * Several WhatsApp senders: each message goes from the bot's number the learner last wrote to
 * (null: the default sender, TWILIO_WHATSAPP_FROM, or the Messaging Service's choice).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('outbound_messages', (table) => {
    table.string('from_address', 64);
  });
  await db.schema.alterTable('learners', (table) => {
    // The bot's number (the inbound To) the learner last wrote to: notices and daily sends go from it.
    table.string('sender_address', 64);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('learners', (table) => table.dropColumn('sender_address'));
  await db.schema.alterTable('outbound_messages', (table) => table.dropColumn('from_address'));
}
