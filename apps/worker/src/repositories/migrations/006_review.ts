import type { Knex } from 'knex';

/** Spaced review: when a challenge the learner missed or revealed is due again, and how far along. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('learner_challenges', (table) => {
    table.datetime('review_due_at', { precision: 3 });
    // How many times it has come due: the next interval grows with it (see REVIEW_INTERVALS_DAYS).
    table.integer('review_step').notNullable().defaultTo(0);
    table.index(['phone', 'review_due_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('learner_challenges', (table) => {
    table.dropIndex(['phone', 'review_due_at']);
    table.dropColumn('review_due_at');
    table.dropColumn('review_step');
  });
}
