import type { Knex } from 'knex';

/** The mentor desk: learners' questions (tickets) and the thread of messages on each. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('tickets', (table) => {
    table.bigIncrements('id');
    table.string('phone', 20).notNullable();
    // The learner's WhatsApp address, where answers go.
    table.string('address', 64).notNullable();
    table.string('profile_name', 256);
    table.text('question').notNullable();
    // The last challenge the learner had received when they asked: what the question is about.
    table.string('challenge_code', 40);
    // open → closed; `failed` when the mentors' channel refused the post for good.
    table.string('status', 12).notNullable();
    table.string('slack_channel', 32);
    // The channel message that heads the ticket's thread, once posted.
    table.string('slack_ts', 32).unique();
    table.string('slack_permalink', 512);
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.datetime('first_answered_at', { precision: 3 });
    table.datetime('last_bumped_at', { precision: 3 });
    table.datetime('closed_at', { precision: 3 });
    table.string('closed_by', 120);
    table.datetime('updated_at', { precision: 3 }).notNullable();
    table.index(['phone', 'status']);
    table.index(['status', 'first_answered_at', 'created_at']);
    table.index(['challenge_code', 'first_answered_at']);
    table.index(['first_answered_at']);
    table.charset('utf8mb4');
  });

  await db.schema.createTable('ticket_messages', (table) => {
    table.bigIncrements('id');
    table.bigInteger('ticket_id').unsigned().notNullable().references('tickets.id');
    // `follow_up` from the learner (posted into the thread), `answer` from a mentor (sent on WhatsApp).
    table.string('kind', 12).notNullable();
    table.string('author', 120);
    table.string('slack_user', 32);
    table.text('text').notNullable();
    // An answer as the learner reads it (mentor's name first, Slack markup turned into WhatsApp's).
    table.text('whatsapp_text');
    // follow_up: pending → posted. answer: pending → sent, held (outside WhatsApp's 24-hour window), failed.
    table.string('status', 12).notNullable();
    // The Slack message: a mentor's reply (unique, so a retried event is recorded once) or our post.
    table.string('slack_ts', 32).unique();
    table.string('error', 512);
    table.datetime('held_at', { precision: 3 });
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.datetime('updated_at', { precision: 3 }).notNullable();
    table.index(['ticket_id', 'kind']);
    table.index(['status', 'kind']);
    table.charset('utf8mb4');
  });

  await db.schema.alterTable('outbound_messages', (table) => {
    // A mentor's answer being sent; its fate is the answer's (held on 63016, sent, failed).
    table.bigInteger('answer_id').unsigned();
    // An approved WhatsApp template (Content API) sent instead of a free-form body.
    table.string('content_sid', 64);
    table.index(['answer_id', 'status']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('outbound_messages', (table) => {
    table.dropIndex(['answer_id', 'status']);
    table.dropColumn('answer_id');
    table.dropColumn('content_sid');
  });
  await db.schema.dropTable('ticket_messages');
  await db.schema.dropTable('tickets');
}
