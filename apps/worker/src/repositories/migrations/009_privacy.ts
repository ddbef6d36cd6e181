import type { Knex } from 'knex';

/** Learners' rights: a pending erasure request, and what survives an erasure (the daily limit's hashes). */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('learners', (table) => {
    // `delete my data` was sent: DELETE within 10 minutes confirms it.
    table.datetime('erase_requested_at', { precision: 3 });
  });
  // Erasure is no way around the daily limit: a keyed one-way hash of the number with the times of
  // challenges still counted, dropped as they leave the 24-hour window.
  await db.schema.createTable('quota_keys', (table) => {
    table.bigIncrements('id');
    table.string('key_hash', 64).notNullable();
    table.datetime('counted_at', { precision: 3 }).notNullable();
    table.index(['key_hash', 'counted_at']);
    table.index(['counted_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('quota_keys');
  await db.schema.alterTable('learners', (table) => {
    table.dropColumn('erase_requested_at');
  });
}
