import type { Knex } from 'knex';

/** Answers become structured (several values, choices, common mistakes): stored as JSON text. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('challenges', (table) => {
    table.text('answer').alter();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('challenges', (table) => {
    table.string('answer', 255).alter();
  });
}
