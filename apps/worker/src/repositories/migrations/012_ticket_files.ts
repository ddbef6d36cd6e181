import type { Knex } from 'knex';

/** Learners' files for the mentors, and the files of mentors' answers. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('ticket_files', (table) => {
    table.bigIncrements('id');
    table.bigInteger('ticket_id').unsigned().notNullable().references('tickets.id');
    // The follow-up it came with; null for the files of the question that opened the ticket.
    table.bigInteger('ticket_message_id').unsigned().references('ticket_messages.id');
    // Where Twilio keeps the file (personal data): forgotten (null) once deleted at Twilio.
    table.string('twilio_media_url', 1024);
    // As the webhook declared it (MediaContentTypeN).
    table.string('content_type', 128).notNullable();
    // pending → attached (uploaded into the thread), refused (type, size) or failed.
    table.string('status', 12).notNullable();
    table.string('slack_file_id', 32);
    table.string('error', 512);
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.datetime('updated_at', { precision: 3 }).notNullable();
    table.index(['ticket_id', 'ticket_message_id']);
    // The desk's sweep: pending files whose job was lost, settled ones still held at Twilio.
    table.index(['status', 'created_at']);
    table.index(['status', 'updated_at']);
    table.charset('utf8mb4');
  });
  await db.schema.alterTable('ticket_messages', (table) => {
    // JSON: a mentor's answer's files as WhatsApp messages ([{ body, mediaUrl }]), sent again when it was held.
    table.text('attachments');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('ticket_messages', (table) => table.dropColumn('attachments'));
  await db.schema.dropTable('ticket_files');
}
