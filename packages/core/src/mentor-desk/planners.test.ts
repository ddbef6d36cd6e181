import { describe, expect, it } from 'vitest';
import type { Command } from '../learning/commands/command.js';
import { type DecideRules, decide, snapshotRequest } from '../learning/decide.js';
import { replyText } from '../learning/plan.js';
import { EMPTY_SNAPSHOT, type LearnerSnapshot } from '../learning/snapshot.js';
import { mentorDeskPlanners } from './planners.js';

const now = new Date('2026-03-10T12:00:00Z');
const learner = { phone: '27825550101', address: 'whatsapp:+27825550101', profileName: 'Thandi M' };
const rules: DecideRules = {
  dailyLimit: 5,
  schoolTimeZone: 'UTC',
  catalog: new Map(),
  extension: mentorDeskPlanners({ maxOpenTickets: 2 }),
};
const lastSent = {
  code: 'sql-easy-002',
  topic: 'sql',
  difficulty: 'easy',
  lastSentAt: new Date('2026-03-10T11:00:00Z'),
  lastInteractionId: 41,
  times: 1,
} as const;
const ask = (question: string, separate = false): Command => ({ kind: 'ask', question, separate });
const plan = (command: Command, parts: Partial<LearnerSnapshot> = {}) =>
  decide(command, { snapshot: { ...EMPTY_SNAPSHOT, learner, ...parts }, now, rules });

describe('the mentor desk planners', () => {
  it('opens a ticket about the last challenge, with its place behind every unanswered ticket', () => {
    const opened = plan(ask('why does my join drop rows?'), {
      sent: [lastSent],
      ticketQueue: { unansweredIds: [3, 9], recentFirstAnswerMs: [60_000, 180_000, 120_000] },
    });
    expect(opened).toMatchObject({
      outcome: 'ticket_opened',
      challengeCode: 'sql-easy-002',
      counted: false,
      ticket: { question: 'why does my join drop rows?', challengeCode: 'sql-easy-002', profileName: 'Thandi M' },
    });
    const reply = replyText(opened, 12);
    expect(reply).toContain('ticket #12');
    expect(reply).toContain('number 3');
    expect(reply).toContain('*2m*');
  });

  it('takes the challenge handed out last by the log, not by a host clock, for what a question is about', () => {
    const earlier = {
      ...lastSent,
      code: 'sql-easy-001',
      lastInteractionId: 40,
      lastSentAt: new Date('2026-03-10T11:30:00Z'),
    };
    expect(plan(ask('why?'), { sent: [earlier, lastSent] }).challengeCode).toBe('sql-easy-002');
  });

  it.each<[string, Command, Partial<LearnerSnapshot>, string, Record<string, unknown>]>([
    ['an empty ask', ask(''), {}, 'ask_empty', {}],
    [
      'a question while a ticket about the same challenge is open',
      ask('and the nulls?'),
      { sent: [lastSent], openTickets: [{ id: 4, challengeCode: 'sql-easy-002', answered: false }] },
      'ticket_follow_up',
      { followUp: { ticketId: 4, text: 'and the nulls?' } },
    ],
    [
      '"ask new" while one is open',
      ask('a new one', true),
      { sent: [lastSent], openTickets: [{ id: 4, challengeCode: 'sql-easy-002', answered: false }] },
      'ticket_opened',
      {},
    ],
    [
      'a question at the open-ticket limit',
      ask('another'),
      {
        openTickets: [
          { id: 8, challengeCode: 'a', answered: false },
          { id: 5, challengeCode: 'b', answered: false },
        ],
      },
      'ticket_limit',
      {},
    ],
    [
      'text that is no command while a ticket is open',
      { kind: 'unknown', text: ' it still fails ' },
      { openTickets: [{ id: 8, challengeCode: null, answered: true }] },
      'ticket_follow_up',
      { followUp: { ticketId: 8, text: 'it still fails' } },
    ],
    ['text that is no command, no ticket open', { kind: 'unknown', text: 'banana' }, {}, 'not_understood', {}],
  ])('%s → %s', (_, command, parts, outcome, more) => {
    expect(plan(command, parts)).toMatchObject({ outcome, counted: false, ...more });
  });

  it('lists the open tickets oldest first at the limit', () => {
    const limited = plan(ask('another'), {
      openTickets: [
        { id: 8, challengeCode: 'a', answered: false },
        { id: 5, challengeCode: 'b', answered: false },
      ],
    });
    expect(replyText(limited, undefined)).toContain('(#5, #8)');
    expect(limited.ticket).toBeUndefined();
  });

  it('tells a learner whose ticket a mentor already answered that it is answered, not queued', () => {
    const followUp = plan(
      { kind: 'unknown', text: 'thanks, one more thing' },
      {
        openTickets: [{ id: 8, challengeCode: null, answered: true }],
        ticketQueue: { unansweredIds: [2, 3], recentFirstAnswerMs: [] },
      },
    );
    expect(replyText(followUp, undefined)).toContain('already answered');
  });

  it.each<[Command, Record<string, boolean | string>]>([
    [ask('why?'), { tickets: 'queue', history: true, heldAnswers: true }],
    [
      { kind: 'unknown', text: 'it fails' },
      { tickets: 'open', history: false, heldAnswers: true },
    ],
    [
      { kind: 'unknown', text: '  ' },
      { tickets: 'none', heldAnswers: true },
    ],
    [{ kind: 'help' }, { tickets: 'none', history: false, heldAnswers: true }],
    [{ kind: 'flooded' }, { tickets: 'none', heldAnswers: false }],
  ])('%j reads %j', (command, expected) => {
    expect(snapshotRequest(command, learner, rules, Math.random)).toMatchObject(expected);
  });
});
