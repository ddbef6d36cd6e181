import type { Knex } from 'knex';

/** The school's roster (ACCESS_MODE=enrolled), its cohorts and their join codes. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('cohorts', (table) => {
    table.bigIncrements('id');
    table.string('name', 120).notNullable();
    table.string('code', 16).notNullable().unique();
    table.datetime('expires_at', { precision: 3 });
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.charset('utf8mb4');
  });
  await db.schema.createTable('roster', (table) => {
    table.string('phone', 20).primary();
    table.string('name', 256);
    table.string('cohort', 120);
    table.string('email', 256);
    // import (the access form's export) | join (a cohort's code)
    table.string('source', 8).notNullable();
    table.datetime('added_at', { precision: 3 }).notNullable();
    table.datetime('updated_at', { precision: 3 }).notNullable();
    table.charset('utf8mb4');
  });
  await db.schema.alterTable('learners', (table) => {
    // The last "you are not on the roster" reply: at most one a day.
    table.datetime('access_notice_at', { precision: 3 });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('learners', (table) => {
    table.dropColumn('access_notice_at');
  });
  await db.schema.dropTable('roster');
  await db.schema.dropTable('cohorts');
}
