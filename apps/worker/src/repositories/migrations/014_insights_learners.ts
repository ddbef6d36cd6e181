import type { Knex } from 'knex';

/**
 * The dashboard's per-learner summaries, kept by the same roll-up as the daily ones: the funnel's
 * and retention's facts about each learner, and each learner's misses in a row per topic (so the
 * Learning and Learners pages read one row per learner instead of probing the log). The roll-up
 * now remembers the zone it bucketed days in, not one offset: each row is on its own local day.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('insights_learners', (table) => {
    table.string('phone', 20).primary();
    // The first message (learners.first_seen_at) and the school's day it fell on.
    table.datetime('first_seen_at', { precision: 3 }).notNullable();
    table.date('first_day').notNullable();
    table.datetime('first_challenge_at', { precision: 3 });
    table.datetime('first_right_at', { precision: 3 });
    // Wrote again (not only a scheduled send) on the school's day 1, 7 and 30 after first_day.
    table.boolean('back_day_1').notNullable();
    table.boolean('back_day_7').notNullable();
    table.boolean('back_day_30').notNullable();
    table.index(
      ['first_seen_at', 'first_day', 'first_challenge_at', 'first_right_at', 'back_day_1', 'back_day_7', 'back_day_30'],
      'insights_learners_first_idx',
    );
  });
  await db.schema.createTable('insights_learner_topics', (table) => {
    table.string('phone', 20).notNullable();
    table.string('topic', 32).notNullable();
    // Finished challenges missed since the last one that was not (solved or revealed), and the last finish.
    table.integer('misses_in_a_row').notNullable();
    table.datetime('last_finished_at', { precision: 3 }).notNullable();
    table.primary(['phone', 'topic']);
    table.index(['last_finished_at', 'misses_in_a_row'], 'insights_learner_topics_finished_idx');
  });
  await db.schema.alterTable('insights_rollups', (table) => {
    // The IANA zone the days were bucketed in; a change of SCHOOL_TIMEZONE rebuilds every summary.
    table.string('zone', 64);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('insights_rollups', (table) => table.dropColumn('zone'));
  await db.schema.dropTable('insights_learner_topics');
  await db.schema.dropTable('insights_learners');
}
