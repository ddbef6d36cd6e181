/**
 * Realistic activity for the school's dashboard, learner by learner: sessions of requests, answers,
 * hints and questions, within the daily limit, with the standing, attempts, deliveries and tickets
 * they leave. Deterministic for a seed, so two runs fill the same rows.
 */

export interface SeedChallenge {
  code: string;
  topic: string;
  difficulty: string;
  /** The share of learners right at the first attempt, drawn per challenge (a few broken, a few trivial). */
  facility: number;
  /** The share of answers the checker cannot read. */
  unreadable: number;
}

/** Rows by table, each as the columns the writer lists for it. */
export interface SeedSink {
  add(table: SeedTable, row: unknown[]): void;
}
export type SeedTable =
  | 'learners'
  | 'roster'
  | 'interactions'
  | 'outbound_messages'
  | 'learner_challenges'
  | 'attempts'
  | 'tickets'
  | 'ticket_messages';

export const SEED_COLUMNS: Record<SeedTable, string[]> = {
  learners: [
    'phone',
    'address',
    'first_seen_at',
    'last_seen_at',
    'welcomed_at',
    'streak_current',
    'streak_best',
    'streak_day',
  ],
  roster: ['phone', 'name', 'cohort', 'source', 'added_at', 'updated_at'],
  interactions: [
    'id',
    'inbound_sid',
    'phone',
    'keywords',
    'via',
    'command',
    'topic',
    'difficulty',
    'outcome',
    'counted',
    'challenge_code',
    'status',
    'reply',
    'created_at',
    'updated_at',
  ],
  outbound_messages: [
    'id',
    'interaction_id',
    'to_address',
    'body',
    'status',
    'twilio_sid',
    'error_code',
    'attempts',
    'initiated_by',
    'content_sid',
    'price',
    'price_unit',
    'created_at',
    'updated_at',
  ],
  learner_challenges: [
    'phone',
    'challenge_code',
    'topic',
    'difficulty',
    'status',
    'attempts',
    'first_sent_at',
    'last_sent_at',
    'finished_at',
  ],
  attempts: [
    'id',
    'interaction_id',
    'phone',
    'challenge_code',
    'text',
    'parsed',
    'verdict',
    'attempt_no',
    'via',
    'created_at',
  ],
  tickets: [
    'id',
    'phone',
    'address',
    'profile_name',
    'question',
    'challenge_code',
    'status',
    'created_at',
    'first_answered_at',
    'closed_at',
    'updated_at',
  ],
  ticket_messages: [
    'id',
    'ticket_id',
    'kind',
    'author',
    'text',
    'whatsapp_text',
    'status',
    'held_at',
    'created_at',
    'updated_at',
  ],
};

/** mulberry32: small, fast and good enough for made-up data. */
export function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const TOPIC_WEIGHTS: Array<[string, number]> = [
  ['python', 30],
  ['sql', 20],
  ['pandas', 15],
  ['statistics', 12],
  ['machine-learning', 10],
  ['probability', 8],
  ['linear-algebra', 5],
];
const FAILURE_CODES = [63016, 63016, 63003, 30008, 21610, 30003];
const COHORTS = ['2026 January', '2026 April', '2026 July', 'Evening class', 'Bootcamp'];
const DAILY_LIMIT = 5;

export interface SimulationCounts {
  interactions: number;
  outbound: number;
  attempts: number;
  tickets: number;
}

/** One simulated school: `learners` learners sharing about `interactions` interactions over `days` days ending at `end`. */
export function createSimulation(options: {
  learners: number;
  interactions: number;
  days: number;
  end: Date;
  challenges: SeedChallenge[];
  sink: SeedSink;
  seed?: number;
}) {
  const random = randomFrom(options.seed ?? 18);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const weighted = (weights: Array<[string, number]>) => {
    let roll = random() * weights.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, weight] of weights) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return weights[0]?.[0] ?? '';
  };
  const byCell = new Map<string, SeedChallenge[]>();
  for (const challenge of options.challenges) {
    const key = `${challenge.topic}/${challenge.difficulty}`;
    byCell.set(key, [...(byCell.get(key) ?? []), challenge]);
  }
  const end = options.end.getTime();
  const start = end - options.days * DAY;
  const counts: SimulationCounts = { interactions: 0, outbound: 0, attempts: 0, tickets: 0 };
  // The period's end cuts some learners short: measured at 0.92 of the mean asked for (50,000 learners, 90 days).
  const meanPerLearner = (1.085 * options.interactions) / options.learners;
  const sink = options.sink;

  function learner(index: number): void {
    const phone = `2782${String(1_000_000 + index).padStart(7, '0')}`;
    const address = `whatsapp:+${phone}`;
    // Activity is heavy-tailed: most learners try a few times, some practise daily.
    const weight = Math.exp(1.1 * gaussian(random)) / Math.exp(0.605);
    let left = Math.max(1, Math.round(meanPerLearner * weight));
    const first = start + random() ** 0.8 * (end - start - 10 * MINUTE);
    const level = random() < 0.6 ? 'easy' : random() < 0.7 ? 'medium' : 'hard';
    const skill = 0.8 + 0.4 * random();
    const standing = new Map<string, { row: unknown[]; attempts: number; finished: boolean }>();
    const handouts: number[] = [];
    const solvedDays = new Set<string>();
    let open: { challenge: SeedChallenge; attempts: number; hinted: boolean } | undefined;
    let lastCode: string | null = null;
    let t = first;
    let last = first;
    // Gaps drawn so that the learner's messages fit between their first one and the end, most of the time.
    const meanGap = Math.max(10 * MINUTE, ((0.9 * (end - first)) / left - 0.7 * 5.5 * MINUTE) / 0.3);

    while (left > 0 && t < end) {
      last = t;
      left -= 1;
      let command = 'unknown';
      let outcome = 'not_understood';
      let topic: string | null = null;
      let difficulty: string | null = null;
      let code: string | null = null;
      let counted = false;
      let keywords = 'what is this';
      let attempt: { verdict: string; no: number | null } | undefined;
      const roll = random();
      if (open && roll < 0.62) {
        command = 'answer';
        code = open.challenge.code;
        const lc = standing.get(code);
        if (random() < open.challenge.unreadable) {
          outcome = 'answer_unreadable';
          attempt = { verdict: 'unreadable', no: null };
        } else {
          open.attempts += 1;
          const chance = open.attempts === 1 ? open.challenge.facility * skill : 0.45;
          const right = random() < Math.min(0.99, chance);
          attempt = { verdict: right ? 'right' : 'wrong', no: open.attempts };
          outcome = right ? 'answer_right' : 'answer_wrong';
          if (lc) {
            lc.row[5] = open.attempts;
            if (right || open.attempts >= 3) {
              lc.row[4] = right ? 'solved' : 'missed';
              lc.row[8] = new Date(t);
              lc.finished = true;
            }
          }
          if (right) solvedDays.add(new Date(t).toISOString().slice(0, 10));
          if (right || open.attempts >= 3) open = undefined;
        }
        keywords = `answer ${Math.round(random() * 100) / 10}`;
      } else if (open && roll < 0.72 && !open.hinted) {
        command = 'hint';
        outcome = 'hint';
        code = open.challenge.code;
        open.hinted = true;
        keywords = `hint ${code}`;
      } else if (open && roll < 0.76) {
        command = 'solution';
        outcome = 'solution';
        code = open.challenge.code;
        const lc = standing.get(code);
        if (lc && !lc.finished) {
          lc.row[4] = 'revealed';
          lc.row[8] = new Date(t);
          lc.finished = true;
        }
        open = undefined;
        keywords = `solution ${code}`;
      } else if (roll < 0.85 || !open) {
        const kind = random();
        if (kind < 0.62) {
          command = 'challenge';
          topic = weighted(TOPIC_WEIGHTS);
          difficulty = random() < 0.75 ? level : pick(['easy', 'medium', 'hard']);
          keywords = `${topic} ${difficulty}`;
          while (handouts.length > 0 && (handouts[0] as number) <= t - DAY) handouts.shift();
          const cell = byCell.get(`${topic}/${difficulty}`) ?? [];
          const fresh = cell.filter((c) => !standing.has(c.code));
          if (handouts.length >= DAILY_LIMIT) outcome = 'limited';
          else if (fresh.length === 0) outcome = 'empty_cell';
          else {
            const challenge = pick(fresh);
            outcome = 'challenge';
            code = challenge.code;
            counted = true;
            handouts.push(t);
            lastCode = code;
            open = { challenge, attempts: 0, hinted: false };
            const row = [phone, code, topic, difficulty, 'open', 0, new Date(t), new Date(t), null];
            standing.set(code, { row, attempts: 0, finished: false });
          }
        } else if (kind < 0.72) [command, outcome, keywords] = ['help', 'menu', 'help'];
        else if (kind < 0.8) [command, outcome, keywords] = ['progress', 'progress', 'progress'];
        else if (kind < 0.85) [command, outcome, keywords] = ['topics', 'topics', 'topics'];
        else if (kind < 0.92) [command, outcome, keywords] = ['smalltalk', 'smalltalk', 'thanks'];
        else if (kind < 0.955) {
          [command, outcome, keywords] = ['ask', 'ticket_opened', 'ask why does my groupby drop rows?'];
          ticket(phone, address, t, lastCode);
        }
      }
      const failed = random() < 0.015;
      const status = failed ? 'failed' : outcome === 'limited' ? 'limited' : 'sent';
      const id = ++counts.interactions;
      const when = new Date(t);
      sink.add('interactions', [
        id,
        `SM${id.toString(16).padStart(32, '0')}`,
        phone,
        keywords,
        random() < 0.3 ? 'button' : 'typed',
        command,
        topic,
        difficulty,
        outcome,
        counted && !failed,
        code,
        status,
        '…',
        when,
        when,
      ]);
      outbound(id, address, when, failed, 'learner', null);
      if (attempt && code) {
        sink.add('attempts', [
          ++counts.attempts,
          id,
          phone,
          code,
          keywords,
          attempt.verdict === 'unreadable' ? null : keywords.slice(7),
          attempt.verdict,
          attempt.no,
          'typed',
          when,
        ]);
      }
      // Next message: most in the same session, then a gap of hours or days.
      t += random() < 0.7 ? (1 + 9 * random()) * MINUTE : -Math.log(1 - random()) * meanGap;
    }
    for (const { row } of standing.values()) sink.add('learner_challenges', row);
    const streak = streaks(solvedDays);
    sink.add('learners', [
      phone,
      address,
      new Date(first),
      new Date(last),
      new Date(first),
      streak.current,
      streak.best,
      streak.day,
    ]);
    if (random() < 0.6) {
      const added = new Date(first - DAY);
      sink.add('roster', [phone, `Learner ${index}`, COHORTS[index % COHORTS.length], 'import', added, added]);
    }
  }

  function outbound(
    interactionId: number,
    to: string,
    when: Date,
    failed: boolean,
    by: string,
    template: string | null,
  ) {
    const id = ++counts.outbound;
    const sid = failed && random() < 0.3 ? null : `SM${(0x8000000 + id).toString(16).padStart(32, '0')}`;
    const priced = sid !== null && random() < 0.4;
    sink.add('outbound_messages', [
      id,
      interactionId,
      to,
      '…',
      failed ? 'failed' : random() < 0.8 ? 'delivered' : 'sent',
      sid,
      failed ? pick(FAILURE_CODES) : null,
      1,
      by,
      template,
      priced ? (template ? -0.0147 : -0.005) : null,
      priced ? 'USD' : null,
      when,
      when,
    ]);
  }

  function ticket(phone: string, address: string, at: number, code: string | null) {
    const id = ++counts.tickets;
    const waitMs = Math.exp(Math.log(45 * MINUTE) + 1.0 * gaussian(random));
    const answered = random() < 0.9 && at + waitMs < end ? new Date(at + waitMs) : null;
    const closed = answered && random() < 0.8 ? new Date(answered.getTime() + 30 * MINUTE) : null;
    const created = new Date(at);
    sink.add('tickets', [
      id,
      phone,
      address,
      null,
      'why does my groupby drop rows?',
      code,
      closed ? 'closed' : 'open',
      created,
      answered,
      closed,
      created,
    ]);
    if (answered) {
      const held = random() < 0.05 ? answered : null;
      sink.add('ticket_messages', [
        id,
        id,
        'answer',
        'Ana',
        'Check for NaN keys: dropna=False.',
        'Check for NaN keys',
        held ? 'held' : 'sent',
        held,
        answered,
        answered,
      ]);
    }
  }

  return { learner, counts };
}

/** Consecutive days with a challenge solved: the last run (kept when it reaches the last day) and the best. */
function streaks(days: Set<string>): { current: number; best: number; day: string | null } {
  const sorted = [...days].sort();
  let best = 0;
  let run = 0;
  let previous: number | undefined;
  for (const day of sorted) {
    const at = Date.parse(day);
    run = previous !== undefined && at - previous === DAY ? run + 1 : 1;
    best = Math.max(best, run);
    previous = at;
  }
  return { current: run, best, day: sorted[sorted.length - 1] ?? null };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Each challenge's made-up difficulty: by level, with a few broken, a few trivial, a few with an unclear answer form. */
export function seedChallenges(
  rows: Array<{ code: string; topic: string; difficulty: string }>,
  seed = 7,
): SeedChallenge[] {
  const random = randomFrom(seed);
  const base: Record<string, number> = { easy: 0.75, medium: 0.55, hard: 0.35 };
  return rows.map((row, i) => {
    const odd = i % 37;
    const facility = odd === 3 ? 0.05 : odd === 11 ? 0.99 : (base[row.difficulty] ?? 0.5) + 0.2 * (random() - 0.5);
    return { ...row, facility, unreadable: odd === 19 ? 0.45 : 0.04 };
  });
}
