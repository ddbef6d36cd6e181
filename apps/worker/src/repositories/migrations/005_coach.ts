import type { Knex } from 'knex';

/** The coach: every answer attempt, each learner's state per challenge, and streaks. */
export async function up(db: Knex): Promise<void> {
  // One row per learner and challenge handed out: where they stand with it.
  await db.schema.createTable('learner_challenges', (table) => {
    table.string('phone', 20).notNullable();
    table.string('challenge_code', 40).notNullable();
    table.string('topic', 32).notNullable();
    table.string('difficulty', 8).notNullable();
    // open → solved (right within 3 attempts) | revealed (solution seen before solving) | missed (3 wrong)
    table.string('status', 10).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.datetime('first_sent_at', { precision: 3 }).notNullable();
    table.datetime('last_sent_at', { precision: 3 }).notNullable();
    table.datetime('finished_at', { precision: 3 });
    table.primary(['phone', 'challenge_code']);
    table.index(['phone', 'status', 'last_sent_at']);
  });
  // Every answer as sent, how it was read and judged: what the school analyses.
  await db.schema.createTable('attempts', (table) => {
    table.bigIncrements('id');
    table.bigInteger('interaction_id').unsigned().notNullable();
    table.string('phone', 20).notNullable();
    table.string('challenge_code', 40).notNullable();
    table.text('text').notNullable();
    table.string('parsed', 255);
    // right | wrong | unreadable (an unreadable answer costs no attempt)
    table.string('verdict', 12).notNullable();
    table.integer('attempt_no');
    // typed (answer …) | bare (a message that read as an answer) | quoted (a WhatsApp reply) | button
    table.string('via', 8).notNullable();
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.index(['phone', 'challenge_code']);
    table.index(['challenge_code', 'created_at']);
    table.charset('utf8mb4');
  });
  // Outcomes such as `answer_unreadable` are longer than the first ones.
  await db.schema.alterTable('interactions', (table) => {
    table.string('outcome', 24).notNullable().alter();
  });
  await db.schema.alterTable('learners', (table) => {
    // IANA zone for the learner's local day (streaks); null: from the number's country, or SCHOOL_TIMEZONE.
    table.string('timezone', 64);
    table.integer('streak_current').notNullable().defaultTo(0);
    table.integer('streak_best').notNullable().defaultTo(0);
    // The last local day with a challenge solved (YYYY-MM-DD in the learner's zone).
    table.date('streak_day');
    table.integer('streak_freezes').notNullable().defaultTo(0);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('learners', (table) => {
    for (const column of ['timezone', 'streak_current', 'streak_best', 'streak_day', 'streak_freezes']) {
      table.dropColumn(column);
    }
  });
  await db.schema.dropTable('attempts');
  await db.schema.dropTable('learner_challenges');
}
