import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpInsights } from '../../apps/worker/src/repositories/insights-rollup.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The roll-up in a zone with DST (Berlin: CET +1 in winter, CEST +2 from 29 March to 25 October 2026):
 * each row on its own local day, and a roll-up after a DST change still only the last two days.
 */
const ZONE = 'Europe/Berlin';
const WINTER = '27820000011';
const SUMMER = '27820000012';

describe('the dashboard roll-up across DST changes', () => {
  let database: TestDatabase;
  let id = 0;
  const interaction = (phone: string, at: string, command = 'help') => {
    id += 1;
    return {
      id,
      inbound_sid: `SM${String(id).padStart(32, '0')}`,
      phone,
      keywords: command,
      command,
      outcome: 'menu',
      status: 'sent',
      reply: '…',
      created_at: new Date(at),
      updated_at: new Date(at),
    };
  };
  const learnerDays = async () =>
    (await database.db('insights_learner_days').orderBy(['phone', 'day']).select('phone', 'day', 'messages_in')).map(
      (row) => [row.phone, new Date(row.day).toISOString().slice(0, 10), row.messages_in],
    );

  beforeAll(async () => {
    database = await createTestDatabase('insights_rollup');
    const learner = (phone: string, first: string, last: string) => ({
      phone,
      address: `whatsapp:+${phone}`,
      first_seen_at: new Date(first),
      last_seen_at: new Date(last),
    });
    await database.db('learners').insert([
      // 23:30 on 10 March in Berlin (CET): the 10th, though 00:30 on the 11th at summer time's offset.
      learner(WINTER, '2026-03-10T22:30:00Z', '2026-03-11T22:30:00Z'),
      // 00:30 on 11 April in Berlin (CEST): the 11th, though 23:30 on the 10th at winter time's offset.
      learner(SUMMER, '2026-04-10T22:30:00Z', '2026-04-10T22:30:00Z'),
    ]);
    await database
      .db('interactions')
      .insert([
        interaction(WINTER, '2026-03-10T22:30:00Z'),
        interaction(WINTER, '2026-03-11T22:30:00Z'),
        interaction(SUMMER, '2026-04-10T22:30:00Z'),
      ]);
    // A challenge sent to WINTER on their first evening, not answered yet.
    const sent = new Date('2026-03-10T22:31:00Z');
    await database.db('learner_challenges').insert({
      phone: WINTER,
      challenge_code: 'python-easy-001',
      topic: 'python',
      difficulty: 'easy',
      status: 'open',
      attempts: 0,
      first_sent_at: sent,
      last_sent_at: sent,
    });
  });

  afterAll(async () => database?.drop());

  it('puts each row on the school day of its own instant, whatever the offset is now', async () => {
    // Rolled up in summer (+2): the winter rows still fall on their winter days.
    expect(await rollUpInsights(database.db, { zone: ZONE, now: new Date('2026-10-24T12:00:00Z') })).toEqual({
      fromDay: '2026-03-10',
      full: true,
    });
    expect(await learnerDays()).toEqual([
      [WINTER, '2026-03-10', 1],
      [WINTER, '2026-03-11', 1],
      [SUMMER, '2026-04-11', 1],
    ]);
    const learners = await database.db('insights_learners').orderBy('phone').select('phone', 'first_day', 'back_day_1');
    expect(
      learners.map((row) => [row.phone, new Date(row.first_day).toISOString().slice(0, 10), row.back_day_1]),
    ).toEqual([
      [WINTER, '2026-03-10', 1],
      [SUMMER, '2026-04-11', 0],
    ]);
    const winter = await database.db('insights_learners').where({ phone: WINTER }).first();
    expect(winter).toMatchObject({ first_challenge_at: new Date('2026-03-10T22:31:00Z'), first_right_at: null });
  });

  it('stays incremental across the change back to winter time: the day before the last run onwards', async () => {
    // 25 October ends summer time; a row late on the 25th (23:30 CET) is on the 25th.
    await database.db('interactions').insert(interaction(SUMMER, '2026-10-25T22:30:00Z'));
    await database
      .db('learners')
      .where({ phone: SUMMER })
      .update({ last_seen_at: new Date('2026-10-25T22:30:00Z') });
    // WINTER answers March's challenge at last, right.
    const answered = new Date('2026-10-25T21:00:00Z');
    await database.db('interactions').insert(interaction(WINTER, answered.toISOString(), 'answer'));
    await database.db('attempts').insert({
      interaction_id: id,
      phone: WINTER,
      challenge_code: 'python-easy-001',
      text: 'answer 4',
      parsed: '4',
      verdict: 'right',
      attempt_no: 1,
      via: 'typed',
      created_at: answered,
    });
    await database
      .db('learner_challenges')
      .where({ phone: WINTER })
      .update({ status: 'solved', attempts: 1, finished_at: answered });
    expect(await rollUpInsights(database.db, { zone: ZONE, now: new Date('2026-10-26T12:00:00Z') })).toEqual({
      fromDay: '2026-10-23',
      full: false,
    });
    expect(await learnerDays()).toEqual([
      [WINTER, '2026-03-10', 1],
      [WINTER, '2026-03-11', 1],
      [WINTER, '2026-10-25', 1],
      [SUMMER, '2026-04-11', 1],
      [SUMMER, '2026-10-25', 1],
    ]);
    // Their summary row is redone (they wrote since the last run), their first contact months back.
    const winter = await database.db('insights_learners').where({ phone: WINTER }).first();
    expect(winter).toMatchObject({ first_right_at: answered, back_day_1: 1 });
    expect(new Date(winter.first_day).toISOString().slice(0, 10)).toBe('2026-03-10');
    // Another zone is another set of days: everything is rebuilt in it.
    expect(await rollUpInsights(database.db, { zone: 'UTC', now: new Date('2026-10-26T12:05:00Z') })).toMatchObject({
      full: true,
    });
    expect((await learnerDays()).map(([, day]) => day)).toEqual([
      '2026-03-10',
      '2026-03-11',
      '2026-10-25',
      '2026-04-10',
      '2026-10-25',
    ]);
  });

  it('drops what a roll-up racing an erasure wrote back for a learner who is gone', async () => {
    // As a roll-up that read the log just before the erasure committed would leave them.
    const erased = '27820000019';
    await database.db('insights_learners').insert({
      phone: erased,
      first_seen_at: new Date('2026-10-20T08:00:00Z'),
      first_day: '2026-10-20',
      back_day_1: false,
      back_day_7: false,
      back_day_30: false,
    });
    await database.db('insights_learner_topics').insert({
      phone: erased,
      topic: 'sql',
      misses_in_a_row: 1,
      last_finished_at: new Date('2026-10-20T08:05:00Z'),
    });
    await database.db('insights_learner_days').insert({
      day: '2026-10-20',
      phone: erased,
      messages_in: 2,
      challenges_sent: 1,
      limited: 0,
      undelivered: 0,
    });
    expect(await rollUpInsights(database.db, { zone: 'UTC', now: new Date('2026-10-26T12:10:00Z') })).toMatchObject({
      full: false,
    });
    for (const table of ['insights_learners', 'insights_learner_topics', 'insights_learner_days']) {
      expect(await database.db(table).where({ phone: erased }).first(), table).toBeUndefined();
    }
    expect(await database.db('insights_learners').where({ phone: WINTER }).first()).toBeDefined();
  });
});
