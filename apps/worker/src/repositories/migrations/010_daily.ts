import type { Knex } from 'knex';

/** The opt-in daily challenge: when, as typed, whether paused, how many unanswered, one held for GO. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('learners', (table) => {
    // HH:MM in the learner's zone; null: no daily challenge.
    table.string('daily_time', 5);
    table.string('daily_typed', 16);
    table.datetime('daily_paused_at', { precision: 3 });
    table.integer('daily_unanswered').notNullable().defaultTo(0);
    // Sent outside WhatsApp's window as a template: the challenge that follows the learner's GO.
    table.string('daily_held_code', 40);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('learners', (table) => {
    for (const column of ['daily_time', 'daily_typed', 'daily_paused_at', 'daily_unanswered', 'daily_held_code']) {
      table.dropColumn(column);
    }
  });
}
