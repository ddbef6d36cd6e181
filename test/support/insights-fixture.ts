import type { Knex } from 'knex';
import { rollUpInsights } from '../../apps/worker/src/repositories/insights-rollup.js';

/**
 * A small school whose every figure is worked out by hand in test/e2e/insights-figures.test.ts:
 * three learners active in March 2026 (A in cohort Alpha, B in Beta, C on no roster), two more (D, E)
 * who only finish challenges, and their tickets and messages. Days are UTC (SCHOOL_TIMEZONE=UTC).
 */
export const NOW = new Date('2026-03-20T12:00:00Z');
export const PERIOD = { from: '2026-03-01', to: '2026-03-19' };
export const A = '27820000001';
export const B = '27820000002';
export const C = '27820000003';
const D = '27820000004';
const E = '27820000005';

const at = (text: string) => new Date(`2026-${text}:00Z`);

// id, phone, command, topic, difficulty, outcome, counted, code, status, created
const INTERACTIONS: Array<
  [number, string, string, string | null, string | null, string, boolean, string | null, string, string]
> = [
  [1, A, 'challenge', 'python', 'easy', 'challenge', true, 'python-easy-001', 'sent', '03-02T09:00'],
  [2, A, 'answer', null, null, 'answer_wrong', false, 'python-easy-001', 'sent', '03-02T09:05'],
  [3, A, 'answer', null, null, 'answer_right', false, 'python-easy-001', 'sent', '03-02T09:06'],
  [4, A, 'hint', null, null, 'hint', false, 'python-easy-002', 'sent', '03-09T09:59'],
  [5, A, 'challenge', 'python', 'easy', 'challenge', true, 'python-easy-002', 'sent', '03-09T10:00'],
  [6, B, 'challenge', 'sql', 'hard', 'limited', false, null, 'limited', '03-02T10:00'],
  [7, B, 'challenge', 'sql', 'hard', 'challenge', false, 'sql-hard-001', 'failed', '03-02T10:30'],
  [8, C, 'help', null, null, 'menu', false, null, 'sent', '03-05T08:00'],
  [9, C, 'challenge', 'python', 'easy', 'challenge', true, 'python-easy-001', 'sent', '03-06T08:00'],
  [10, C, 'answer', null, null, 'answer_unreadable', false, 'python-easy-001', 'sent', '03-06T08:01'],
  [11, C, 'answer', null, null, 'answer_right', false, 'python-easy-001', 'sent', '03-06T08:02'],
  [12, C, 'daily-send', 'python', 'easy', 'daily_challenge', true, 'python-easy-003', 'sent', '03-18T07:00'],
  [13, C, 'smalltalk', null, null, 'smalltalk', false, null, 'sent', '03-18T08:00'],
  [14, A, 'challenge', 'python', 'easy', 'empty_cell', false, null, 'sent', '03-09T10:01'],
];

/** What learners wrote, where it matters: a number inside a text, a formula a spreadsheet would run. */
export const FORMULA = '=HYPERLINK("https://evil.example","thanks")';
const KEYWORDS: Record<string, string> = { answer: 'answer 4, call me on +27825550199', smalltalk: FORMULA };

export async function seedInsightsFixture(db: Knex): Promise<void> {
  await db('learners').insert([
    learner(A, '03-02T09:00', '03-09T10:00', 3, 4, '2026-03-09'),
    learner(B, '03-02T10:00', '03-02T10:30', 0, 0, null),
    learner(C, '03-05T08:00', '03-18T08:00', 1, 1, '2026-03-06'),
    learner(D, '02-01T08:00', '03-12T08:00', 0, 0, null),
    learner(E, '02-01T08:00', '03-12T08:00', 0, 0, null),
  ]);
  const added = at('01-01T00:00');
  await db('roster').insert([
    { phone: A, name: 'Ann Smith', cohort: 'Alpha', source: 'import', added_at: added, updated_at: added },
    { phone: B, name: 'Bo Lee', cohort: 'Beta', source: 'import', added_at: added, updated_at: added },
  ]);
  await db('interactions').insert(
    INTERACTIONS.map(([id, phone, command, topic, difficulty, outcome, counted, code, status, created]) => ({
      id,
      inbound_sid: `SM${String(id).padStart(32, '0')}`,
      phone,
      keywords: KEYWORDS[command] ?? command,
      command,
      topic,
      difficulty,
      outcome,
      counted,
      challenge_code: code,
      status,
      reply: '…',
      created_at: at(created),
      updated_at: at(created),
    })),
  );
  await db('outbound_messages').insert([
    ...INTERACTIONS.map(([id, phone, , , , , , , , created]) => ({
      interaction_id: id,
      to_address: `whatsapp:+${phone}`,
      body: '…',
      status: id === 7 || id === 13 ? 'failed' : 'delivered',
      twilio_sid: id === 13 ? null : `SM${String(1000 + id).padStart(32, '0')}`,
      error_code: id === 7 ? 63016 : id === 13 ? 63003 : null,
      initiated_by: id === 12 ? 'bot' : 'learner',
      content_sid: id === 12 ? `HX${'0'.repeat(32)}` : null,
      price: id === 1 ? -0.005 : id === 12 ? -0.0147 : null,
      price_unit: id === 1 || id === 12 ? 'USD' : null,
      created_at: at(created),
      updated_at: at(created),
    })),
    {
      to_address: `whatsapp:+${A}`,
      body: 'answer',
      status: 'delivered',
      initiated_by: 'bot',
      created_at: at('03-02T09:40'),
      updated_at: at('03-02T09:40'),
    },
  ]);
  const lc = (
    phone: string,
    code: string,
    status: string,
    attempts: number,
    sent: string,
    finished: string | null,
  ) => ({
    phone,
    challenge_code: code,
    topic: code.split('-')[0],
    difficulty: code.split('-')[1],
    status,
    attempts,
    first_sent_at: at(sent),
    last_sent_at: at(sent),
    finished_at: finished ? at(finished) : null,
  });
  await db('learner_challenges').insert([
    lc(A, 'python-easy-001', 'solved', 2, '03-02T09:00', '03-02T09:06'),
    lc(A, 'python-easy-002', 'open', 0, '03-09T10:00', null),
    lc(B, 'sql-hard-001', 'open', 0, '03-02T10:30', null),
    lc(C, 'python-easy-001', 'solved', 1, '03-06T08:00', '03-06T08:02'),
    lc(C, 'python-easy-003', 'open', 0, '03-18T07:00', null),
    // D missed 3 sql challenges in a row (stuck); E missed, solved, missed (not stuck). Sent in February.
    lc(D, 'sql-easy-001', 'missed', 3, '02-20T08:00', '03-10T08:00'),
    lc(D, 'sql-easy-002', 'missed', 3, '02-20T08:00', '03-11T08:00'),
    lc(D, 'sql-easy-003', 'missed', 3, '02-20T08:00', '03-12T08:00'),
    lc(E, 'sql-easy-001', 'missed', 3, '02-20T08:00', '03-10T08:00'),
    lc(E, 'sql-easy-002', 'solved', 1, '02-20T08:00', '03-11T08:00'),
    lc(E, 'sql-easy-003', 'missed', 3, '02-20T08:00', '03-12T08:00'),
  ]);
  const attempt = (
    id: number,
    interaction: number,
    phone: string,
    verdict: string,
    no: number | null,
    when: string,
  ) => ({
    id,
    interaction_id: interaction,
    phone,
    challenge_code: 'python-easy-001',
    text: 'answer 4, call me on +27825550199',
    parsed: verdict === 'unreadable' ? null : '4',
    verdict,
    attempt_no: no,
    via: 'typed',
    created_at: at(when),
  });
  await db('attempts').insert([
    attempt(1, 2, A, 'wrong', 1, '03-02T09:05'),
    attempt(2, 3, A, 'right', 2, '03-02T09:06'),
    attempt(3, 10, C, 'unreadable', null, '03-06T08:01'),
    attempt(4, 11, C, 'right', 1, '03-06T08:02'),
  ]);
  const ticket = (
    id: number,
    phone: string,
    created: string,
    answered: string | null,
    status: string,
    code: string,
  ) => ({
    id,
    phone,
    address: `whatsapp:+${phone}`,
    question: 'why?',
    challenge_code: code,
    status,
    created_at: at(created),
    first_answered_at: answered ? at(answered) : null,
    updated_at: at(created),
  });
  await db('tickets').insert([
    ticket(1, A, '03-02T09:10', '03-02T09:40', 'closed', 'python-easy-001'),
    ticket(2, C, '03-06T08:05', '03-06T09:05', 'open', 'python-easy-001'),
    ticket(3, C, '03-18T08:10', null, 'open', 'python-easy-003'),
  ]);
  const answer = (ticketId: number, status: string, when: string, held: boolean) => ({
    ticket_id: ticketId,
    kind: 'answer',
    author: 'Ana',
    text: 'Look at the types.',
    status,
    held_at: held ? at(when) : null,
    created_at: at(when),
    updated_at: at(when),
  });
  await db('ticket_messages').insert([answer(1, 'sent', '03-02T09:40', false), answer(2, 'held', '03-06T09:05', true)]);
  await rollUpInsights(db, { zone: 'UTC', now: NOW });
}

function learner(phone: string, first: string, last: string, current: number, best: number, day: string | null) {
  return {
    phone,
    address: `whatsapp:+${phone}`,
    first_seen_at: at(first),
    last_seen_at: at(last),
    streak_current: current,
    streak_best: best,
    streak_day: day,
  };
}
