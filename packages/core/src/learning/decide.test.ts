import { describe, expect, it } from 'vitest';
import { splitReply } from '../shared/split-reply.js';
import { shortAnswer } from './answers/challenge-answer.js';
import type { CatalogCounts, Challenge, Difficulty, Topic } from './catalog.js';
import type { ChallengeProgress, ChallengeStatus } from './coach/level.js';
import type { Command } from './commands/command.js';
import { type DecideRules, decide, snapshotRequest } from './decide.js';
import { planMessages } from './plan.js';
import { EMPTY_SNAPSHOT, type LearnerSnapshot, type SentChallenge } from './snapshot.js';

const now = new Date('2026-03-10T12:00:00Z');
const HOUR = 60 * 60 * 1000;
const ago = (ms: number) => new Date(now.getTime() - ms);
const learner = { phone: '27825550101', address: 'whatsapp:+27825550101' };
const catalog: CatalogCounts = new Map<Topic, Map<Difficulty, number>>([
  ['python', new Map([['easy', 3]])],
  ['sql', new Map([['hard', 1]])],
]);
const rules: DecideRules = { dailyLimit: 5, schoolTimeZone: 'UTC', catalog };

const challenge = (code: string): Challenge => {
  const [topic, difficulty] = code.split(/-(?=easy|medium|hard)/) as [Topic, string];
  return {
    code,
    topic,
    difficulty: difficulty.split('-')[0] as Difficulty,
    title: `Title of ${code}`,
    text: `Text of ${code}, long enough to be a challenge.`,
    hint: 'Think about it.',
    answer: shortAnswer('42'),
    solution: 'Because.',
  };
};
const sent = (code: string, lastSentAt: Date, times = 1): SentChallenge => {
  const { topic, difficulty } = challenge(code);
  return { code, topic, difficulty, lastSentAt, lastInteractionId: lastSentAt.getTime(), times };
};
const WELCOMED = { optedOut: false, welcomed: true };
const snapshot = (parts: Partial<LearnerSnapshot> = {}): LearnerSnapshot => ({
  ...EMPTY_SNAPSHOT,
  learner,
  consent: WELCOMED,
  ...parts,
});
const pythonEasy = ['python-easy-001', 'python-easy-002', 'python-easy-003'].map(challenge);
const first = () => 0;

describe('decide: challenge requests', () => {
  const ask = (
    parts: Partial<LearnerSnapshot>,
    command: Command = { kind: 'challenge', topic: 'python', difficulty: 'easy' },
  ) =>
    decide(
      command,
      {
        snapshot: snapshot({ cell: { topic: 'python', difficulty: 'easy' }, cellChallenges: pythonEasy, ...parts }),
        now,
        rules,
      },
      first,
    );

  it.each([
    ['nothing sent yet', [], 'challenge', true, '4 more challenges available today.'],
    ['four sent today', [1, 2, 3, 4].map((h) => ago(h * HOUR)), 'challenge', true, "That was today's last challenge."],
    ['five sent today', [1, 2, 3, 4, 5].map((h) => ago(h * HOUR)), 'limited', false, 'daily limit of 5'],
    ['five sent, one 24 h ago', [1, 2, 3, 4].map((h) => ago(h * HOUR)).concat(ago(24 * HOUR)), 'challenge', true, ''],
  ])('%s → %s (counted: %s)', (_, countedAt, outcome, counted, text) => {
    const plan = ask({ countedAt });
    expect(plan).toMatchObject({ outcome, counted, topic: 'python', difficulty: 'easy' });
    expect(plan.reply).toContain(text);
  });

  it('names when the next challenge frees up, 24 hours after the oldest that still counts', () => {
    const plan = ask({ countedAt: [ago(20 * HOUR + 48 * 60_000), ...[1, 2, 3, 4].map((h) => ago(h * HOUR))] });
    expect(plan.reply).toContain('available in 3h 12m');
  });

  it('hands out a challenge the learner has not had, then the one seen longest ago', () => {
    const fresh = ask({ sent: [sent('python-easy-001', ago(HOUR)), sent('python-easy-002', ago(2 * HOUR))] });
    expect(fresh.challengeCode).toBe('python-easy-003');
    const oldest = ask({
      sent: [
        sent('python-easy-001', ago(HOUR)),
        sent('python-easy-002', ago(3 * HOUR)),
        sent('python-easy-003', ago(2 * HOUR)),
      ],
    });
    expect(oldest.challengeCode).toBe('python-easy-002');
  });

  it('says a cell is empty rather than charge for nothing', () => {
    expect(ask({ cellChallenges: [] })).toMatchObject({ outcome: 'empty_cell', counted: false, challengeCode: null });
  });

  it('moves a learner up after 3 of their last 4 at a level solved, and says why', () => {
    const cell = { topic: 'python' as const, difficulty: null };
    const levels = [...pythonEasy, challenge('python-medium-001')];
    const topicOnly: Command = { kind: 'challenge', topic: 'python', difficulty: null };
    const row = (code: string, status: ChallengeStatus, hoursAgo: number): ChallengeProgress => ({
      code,
      topic: 'python',
      difficulty: 'easy',
      status,
      attempts: 1,
      lastSentAt: ago(hoursAgo * HOUR),
    });
    const twoRight = [row('python-easy-001', 'solved', 1), row('python-easy-002', 'solved', 2)];
    expect(ask({ cell, cellChallenges: levels, progress: twoRight }, topicOnly).difficulty).toBe('easy');
    const threeOfFour = [...twoRight, row('python-easy-003', 'revealed', 3), row('python-easy-004', 'solved', 4)];
    const up = ask({ cell, cellChallenges: levels, progress: threeOfFour }, topicOnly);
    expect(up).toMatchObject({ difficulty: 'medium', challengeCode: 'python-medium-001' });
    expect(up.reply).toMatch(/^🚀 3 of your last 4 python easy right — here is a medium one/);
  });
});

describe('decide: help that never counts', () => {
  const plan = (command: Command, parts: Partial<LearnerSnapshot> = {}) =>
    decide(command, { snapshot: snapshot(parts), now, rules });

  it.each<[Command, Partial<LearnerSnapshot>, string]>([
    [{ kind: 'help' }, {}, 'menu'],
    [{ kind: 'topics' }, {}, 'topics'],
    [{ kind: 'hint', code: 'python-easy-001' }, { named: challenge('python-easy-001') }, 'hint'],
    [{ kind: 'hint', code: 'python-easy-999' }, {}, 'unknown_code'],
    [{ kind: 'hint', code: '' }, {}, 'unknown_code'],
    [{ kind: 'solution', code: 'python-easy-001' }, { named: challenge('python-easy-001') }, 'solution_locked'],
    [
      { kind: 'solution', code: 'python-easy-001' },
      { named: challenge('python-easy-001'), sent: [sent('python-easy-001', ago(HOUR))] },
      'solution',
    ],
    [{ kind: 'suggest', suggestion: 'python easy', text: 'pyhton eazy' }, {}, 'suggestion'],
    [{ kind: 'flooded' }, {}, 'flood_notice'],
    [{ kind: 'ask', question: 'why?', separate: false }, {}, 'desk_unavailable'],
    [{ kind: 'open' }, {}, 'open'],
    [{ kind: 'unknown', text: 'banana' }, {}, 'not_understood'],
  ])('%j → %s', (command, parts, outcome) => {
    expect(plan(command, parts)).toMatchObject({ outcome, counted: false });
  });

  it('sends mentor answers WhatsApp held back first, with the reply to any message', () => {
    const heldAnswers = [{ answerId: 7, text: 'Use a left join.', delivered: [] }];
    const help = plan({ kind: 'help' }, { heldAnswers });
    expect(help.release).toEqual(heldAnswers);
    expect(planMessages(help).map((m) => m.answerId)).toEqual([7, undefined]);
    // `open` with answers waiting: the answers are the whole reply.
    expect(planMessages(plan({ kind: 'open' }, { heldAnswers }))).toEqual([{ body: 'Use a left join.', answerId: 7 }]);
  });

  it('sends again only the parts of a held answer that WhatsApp refused, not the ones the learner has', () => {
    const text = `${'First part of a long answer. '.repeat(60)}\n\n${'Second part. '.repeat(80)}`;
    const [first = '', ...rest] = splitReply(text);
    expect(rest.length).toBeGreaterThan(0);
    const heldAnswers = [{ answerId: 9, text, delivered: [first] }];
    const messages = planMessages(plan({ kind: 'open' }, { heldAnswers }));
    expect(messages).toEqual(rest.map((body) => ({ body, answerId: 9 })));
  });
});

describe('snapshotRequest', () => {
  it.each<[Command, Record<string, unknown>]>([
    [
      { kind: 'challenge', topic: 'sql', difficulty: 'hard' },
      { window: true, history: true, cell: { topic: 'sql', difficulty: 'hard' } },
    ],
    [{ kind: 'random' }, { window: true, history: true, cell: { topic: 'python', difficulty: null } }],
    [
      { kind: 'solution', code: 'sql-hard-001' },
      { window: false, history: true, named: 'sql-hard-001' },
    ],
    [
      { kind: 'hint', code: 'sql-hard-001' },
      { window: false, history: false, named: 'sql-hard-001' },
    ],
    [{ kind: 'help' }, { window: false, history: false, cell: undefined, heldAnswers: false, tickets: 'none' }],
  ])('%j reads only %j', (command, expected) => {
    expect(snapshotRequest(command, learner, rules, first)).toMatchObject(expected);
  });
});

describe('decide: consent', () => {
  const plan = (command: Command, parts: Partial<LearnerSnapshot> = {}) =>
    decide(command, {
      snapshot: snapshot(parts),
      now,
      rules: { ...rules, privacyUrl: 'https://school.example/privacy' },
    });
  const OUT = { optedOut: true, welcomed: true };

  it('welcomes a first contact once, at the head of the reply: who writes, what is kept, how to stop', () => {
    const first = plan({ kind: 'help' }, { consent: { optedOut: false, welcomed: false } });
    const [message] = planMessages(first);
    expect(message?.body).toMatch(/^👋 Welcome to \*DataDrill\*/);
    expect(message?.body).toMatch(/Reply \*STOP\*.*https:\/\/school\.example\/privacy/s);
    expect(message?.body).toContain('Topics and difficulties');
    expect(planMessages(plan({ kind: 'help' }))[0]?.body).not.toMatch(/Welcome/);
  });

  it('opts out on STOP, confirms once, and records the keyword; a second STOP says nothing more', () => {
    const stop = plan({ kind: 'stop', keyword: 'stop', silent: false });
    expect(stop).toMatchObject({
      outcome: 'opted_out',
      consent: { event: 'opt_out', keyword: 'stop', channel: 'whatsapp' },
    });
    expect(stop.reply).toMatch(/unsubscribed.*START/s);
    expect(plan({ kind: 'stop', keyword: 'stop', silent: false }, { consent: OUT }).reply).toBe('');
  });

  it("records Twilio's Advanced Opt-Out without answering again", () => {
    const stop = plan({ kind: 'stop', keyword: 'stop', silent: true });
    expect(stop).toMatchObject({ reply: '', consent: { event: 'opt_out', channel: 'twilio_opt_out' } });
  });

  it('opts back in on START, UNSTOP or YES while opted out; YES otherwise is no opt-in', () => {
    expect(plan({ kind: 'start', keyword: 'start', silent: false }, { consent: OUT })).toMatchObject({
      outcome: 'opted_in',
      consent: { event: 'opt_in', keyword: 'start' },
    });
    expect(plan({ kind: 'unknown', text: 'Yes' }, { consent: OUT })).toMatchObject({ consent: { keyword: 'yes' } });
    expect(plan({ kind: 'unknown', text: 'Yes' }).consent).toBeUndefined();
    expect(plan({ kind: 'start', keyword: 'start', silent: false })).toMatchObject({ outcome: 'menu' });
  });

  it('answers a learner who opted out and then wrote, without opting them back in', () => {
    const help = plan({ kind: 'help' }, { consent: OUT });
    expect(help).toMatchObject({ outcome: 'menu' });
    expect(help.consent).toBeUndefined();
  });
});
