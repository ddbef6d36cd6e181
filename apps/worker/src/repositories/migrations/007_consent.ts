import type { Knex } from 'knex';

/** Consent: who opted out, when a learner was welcomed, every change, and who started each message. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('learners', (table) => {
    // The WhatsApp address, so a send can see whether its recipient opted out.
    table.string('address', 64);
    table.datetime('welcomed_at', { precision: 3 });
    table.datetime('opted_out_at', { precision: 3 });
    table.index(['address']);
  });
  await db.schema.alterTable('outbound_messages', (table) => {
    // `learner`: the reply to a message they sent; `bot`: one the bot starts (a notice, a mentor's
    // answer, a daily challenge). An opted-out learner gets only replies.
    table.string('initiated_by', 8).notNullable().defaultTo('bot');
  });
  // Every consent change: what, when, through which keyword or channel, under which wording.
  await db.schema.createTable('consent_events', (table) => {
    table.bigIncrements('id');
    // Null once the learner's data is erased: the fact and time of erasure stay, not the number.
    table.string('phone', 20);
    // opt_in | opt_out | erased
    table.string('event', 12).notNullable();
    table.string('keyword', 32);
    // whatsapp (a keyword they sent) | twilio_opt_out (Twilio's Advanced Opt-Out) | twilio_21610 | school
    table.string('channel', 16).notNullable();
    table.string('wording_version', 16).notNullable();
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.index(['phone', 'created_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('consent_events');
  await db.schema.alterTable('outbound_messages', (table) => {
    table.dropColumn('initiated_by');
  });
  await db.schema.alterTable('learners', (table) => {
    table.dropIndex(['address']);
    for (const column of ['address', 'welcomed_at', 'opted_out_at']) table.dropColumn(column);
  });
}
