import type { Knex } from 'knex';

/** Tappable replies and media: what a message draws under its text, the file it carries, how a message came. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('outbound_messages', (table) => {
    // JSON: buttons or a list (see packages/core/src/whatsapp/interactive.ts).
    table.text('actions');
    table.string('media_url', 1024);
  });
  await db.schema.alterTable('interactions', (table) => {
    // typed, button or list: a tap is logged like the command it stands for, with how it came.
    table.string('via', 8).notNullable().defaultTo('typed');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('interactions', (table) => table.dropColumn('via'));
  await db.schema.alterTable('outbound_messages', (table) => {
    table.dropColumn('actions');
    table.dropColumn('media_url');
  });
}
