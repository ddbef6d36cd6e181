import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('learners', (table) => {
    table.string('phone', 20).primary();
    table.datetime('first_seen_at', { precision: 3 }).notNullable();
    table.datetime('last_seen_at', { precision: 3 }).notNullable();
    table.charset('utf8mb4');
  });

  await db.schema.createTable('challenges', (table) => {
    table.string('code', 40).primary();
    table.string('topic', 32).notNullable();
    table.string('difficulty', 8).notNullable();
    table.string('title', 120).notNullable();
    table.text('text').notNullable();
    table.text('hint');
    table.string('answer', 255);
    table.text('solution');
    table.string('content_hash', 64).notNullable();
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.datetime('updated_at', { precision: 3 }).notNullable();
    // Removed from the folder: kept so the interactions that cite it still resolve.
    table.datetime('retired_at', { precision: 3 });
    table.index(['topic', 'difficulty', 'retired_at']);
    table.charset('utf8mb4');
  });

  await db.schema.createTable('interactions', (table) => {
    table.bigIncrements('id');
    table.string('inbound_sid', 64).notNullable().unique();
    table.string('phone', 20).notNullable();
    // The message as received, any script or emoji, up to 4096 characters.
    table.text('keywords').notNullable();
    table.string('command', 16).notNullable();
    table.string('topic', 32);
    table.string('difficulty', 8);
    table.string('outcome', 16).notNullable();
    table.boolean('counted').notNullable().defaultTo(false);
    table.string('challenge_code', 40);
    table.string('status', 12).notNullable();
    table.text('reply').notNullable();
    table.string('error', 512);
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.datetime('updated_at', { precision: 3 }).notNullable();
    // The rolling-window quota query: one learner's counted challenges since a moment.
    table.index(['phone', 'counted', 'created_at'], 'interactions_quota_idx');
    table.index(['phone', 'challenge_code'], 'interactions_seen_idx');
    table.index(['created_at']);
    table.charset('utf8mb4');
  });

  // Every message the bot sends. Claimed (pending → sending) before the REST call, so a re-run
  // of a job never sends again what Twilio already accepted.
  await db.schema.createTable('outbound_messages', (table) => {
    table.bigIncrements('id');
    table.bigInteger('interaction_id').unsigned();
    table.string('to_address', 64).notNullable();
    table.text('body').notNullable();
    table.string('status', 12).notNullable();
    table.string('twilio_sid', 64).unique();
    table.integer('error_code');
    table.string('error', 512);
    table.integer('attempts').notNullable().defaultTo(0);
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.datetime('updated_at', { precision: 3 }).notNullable();
    table.index(['interaction_id', 'status']);
    table.charset('utf8mb4');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('outbound_messages');
  await db.schema.dropTable('interactions');
  await db.schema.dropTable('challenges');
  await db.schema.dropTable('learners');
}
