import type { Knex } from 'knex';

/**
 * The school's dashboard (apps/insights) and weekly digest: daily summaries the worker rolls up
 * every few minutes (a period's figures then read thousands of rows, not a million), covering indexes
 * for the roll-up and the figures read live, and Twilio's price where it reports one.
 */
const INDEXES: Array<[table: string, name: string, columns: string[]]> = [
  // Activity, demand, hints and refunds: a period's interactions without touching the rows.
  [
    'interactions',
    'interactions_insights_idx',
    ['created_at', 'command', 'outcome', 'status', 'phone', 'topic', 'difficulty', 'challenge_code'],
  ],
  ['attempts', 'attempts_insights_idx', ['created_at', 'challenge_code', 'attempt_no', 'verdict', 'phone']],
  [
    'learner_challenges',
    'learner_challenges_sent_idx',
    ['first_sent_at', 'challenge_code', 'topic', 'difficulty', 'status', 'attempts', 'phone'],
  ],
  // Stuck learners: their last finished challenges in a topic.
  ['learner_challenges', 'learner_challenges_finished_idx', ['finished_at', 'status', 'phone', 'topic']],
  ['learner_challenges', 'learner_challenges_topic_idx', ['phone', 'topic', 'finished_at', 'status']],
  ['learners', 'learners_first_seen_idx', ['first_seen_at']],
  ['learners', 'learners_last_seen_idx', ['last_seen_at', 'streak_current', 'streak_best']],
  ['tickets', 'tickets_insights_idx', ['created_at', 'first_answered_at', 'challenge_code', 'phone']],
  ['roster', 'roster_cohort_idx', ['cohort', 'phone']],
];

export async function up(db: Knex): Promise<void> {
  // One row per learner and school day they were active: who was active, and what they got.
  await db.schema.createTable('insights_learner_days', (table) => {
    table.date('day').notNullable();
    table.string('phone', 20).notNullable();
    table.integer('messages_in').notNullable();
    table.integer('challenges_sent').notNullable();
    table.integer('limited').notNullable();
    table.integer('undelivered').notNullable();
    table.primary(['day', 'phone']);
    table.index(['phone', 'day']);
  });
  // Counts per school day and cohort (the roster's, '' for none, as it stood when the day was rolled up):
  // messages in by command, out by category, requests by cell and outcome, failures by error code, prices.
  await db.schema.createTable('insights_counts', (table) => {
    table.date('day').notNullable();
    table.string('cohort', 120).notNullable();
    table.string('metric', 12).notNullable();
    table.string('item', 80).notNullable();
    table.integer('n').notNullable();
    table.decimal('amount', 14, 5);
    table.primary(['day', 'cohort', 'metric', 'item']);
    table.charset('utf8mb4');
  });
  // Answers per school day, cohort and challenge: the challenges page's and the digest's figures.
  await db.schema.createTable('insights_challenge_days', (table) => {
    table.date('day').notNullable();
    table.string('cohort', 120).notNullable();
    table.string('challenge_code', 40).notNullable();
    table.integer('first_attempts').notNullable();
    table.integer('first_right').notNullable();
    table.integer('answers').notNullable();
    table.integer('unreadable').notNullable();
    table.integer('hints').notNullable();
    table.primary(['day', 'cohort', 'challenge_code']);
    table.charset('utf8mb4');
  });
  // When each summary was last rolled up, and in which zone offset (a change rebuilds them).
  await db.schema.createTable('insights_rollups', (table) => {
    table.string('name', 32).primary();
    table.integer('offset_minutes').notNullable();
    table.date('from_day');
    table.datetime('rolled_at', { precision: 3 }).notNullable();
  });
  await db.schema.alterTable('outbound_messages', (table) => {
    // What Twilio charged for the message (negative, as Twilio reports it) and its currency, once known.
    table.decimal('price', 10, 5);
    table.string('price_unit', 8);
  });
  for (const [name, index, columns] of INDEXES) {
    await db.schema.alterTable(name, (table) => table.index(columns, index));
  }
  await db.schema.alterTable('outbound_messages', (table) => {
    table.index(
      ['created_at', 'status', 'initiated_by', 'content_sid', 'error_code', 'price_unit', 'price', 'to_address'],
      'outbound_insights_idx',
    );
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['insights_rollups', 'insights_challenge_days', 'insights_counts', 'insights_learner_days']) {
    await db.schema.dropTable(table);
  }
  await db.schema.alterTable('outbound_messages', (table) => table.dropIndex([], 'outbound_insights_idx'));
  for (const [name, index] of [...INDEXES].reverse()) {
    await db.schema.alterTable(name, (table) => table.dropIndex([], index));
  }
  await db.schema.alterTable('outbound_messages', (table) => {
    table.dropColumn('price');
    table.dropColumn('price_unit');
  });
}
