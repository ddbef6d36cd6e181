import type { Challenge } from '../learning/catalog.js';
import { chooseLevel } from '../learning/coach/level.js';
import { learnerTimeZone, localDay } from '../learning/coach/timezone.js';
import type { Command } from '../learning/commands/command.js';
import type { DecideContext } from '../learning/decide-context.js';
import type { Plan } from '../learning/plan.js';
import { decideQuota } from '../learning/quota.js';
import { challengeReply } from '../learning/replies.js';
import { selectChallenge } from '../learning/select-challenge.js';
import {
  DAILY_TEMPLATE_TEXT,
  dailyIntro,
  dailyOffReply,
  dailyOnReply,
  dailyPausedReply,
  dailyShowReply,
  dailyUnknownTimeReply,
  nothingHeldForGoReply,
  outOfQuietHours,
  reminderReply,
  SESSION_WINDOW_MS,
  UNANSWERED_BEFORE_PAUSE,
} from './daily.js';

const NONE = { topic: null, difficulty: null, challengeCode: null, counted: false, release: [] } as const;
const NO_DAILY = { typed: null, paused: false, unanswered: 0, heldCode: null };

const zoneOf = ({ snapshot, rules }: DecideContext) =>
  learnerTimeZone(snapshot.learner.phone, snapshot.coach.timezone, rules.schoolTimeZone);

/** `daily on`, `daily 07:30`, `daily off`, `daily`. */
export function planDailySetting(command: Extract<Command, { kind: 'daily' }>, context: DecideContext): Plan {
  const zone = zoneOf(context);
  const daily = context.snapshot.coach.daily ?? NO_DAILY;
  if (command.action === 'show')
    return { ...NONE, outcome: 'daily_shown', reply: dailyShowReply(daily.typed, daily.paused, zone) };
  if (command.action === 'off') return { ...NONE, outcome: 'daily_off', reply: dailyOffReply(), daily: { off: true } };
  const time = command.action === 'on' ? nowIn(context.now, zone) : command.time;
  if (!time) return { ...NONE, outcome: 'daily_shown', reply: dailyUnknownTimeReply() };
  const at = outOfQuietHours(time, context.rules.daily?.quiet);
  return { ...NONE, outcome: 'daily_set', reply: dailyOnReply(at, zone), daily: { on: at, zone } };
}

function nowIn(now: Date, zone: string) {
  const [hour = 0, minute = 0] = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(now)
    .split(':')
    .map(Number);
  const typed = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return { hour, minute, typed };
}

/**
 * The daily challenge is due: at the learner's level in the topic chosen for today, counted like
 * any challenge and skipped silently at the limit. Inside WhatsApp's window it is an ordinary
 * message; outside it the approved template goes instead and the challenge waits for GO. After 3
 * in a row without a reply it pauses, and the learner is told once.
 */
export function planDailySend(context: DecideContext, random: () => number): Plan {
  const { snapshot, rules, now } = context;
  const daily = snapshot.coach.daily ?? NO_DAILY;
  const skip = { ...NONE, outcome: 'daily_skipped' as const, reply: '', initiatedBy: 'bot' as const };
  if (snapshot.consent.optedOut || daily.typed === null || daily.paused) return skip;
  if (daily.unanswered >= UNANSWERED_BEFORE_PAUSE) {
    // Told once, where WhatsApp allows a free-form message; outside the window it pauses quietly
    // (`daily` then says so) rather than spend a template on it.
    const pause = { unanswered: daily.unanswered, paused: true, heldCode: null };
    return { ...skip, outcome: 'daily_paused', reply: isOutside(context) ? '' : dailyPausedReply(), dailyRun: pause };
  }
  const quota = decideQuota(snapshot.countedAt, rules.dailyLimit, now);
  const challenge = pick(context, random);
  if (!quota.allowed || !challenge) return skip;
  const run = { unanswered: daily.unanswered + 1, paused: false };
  const template = outsideWindow(context);
  if (template.contentSid) {
    return {
      ...skip,
      outcome: 'daily_template',
      reply: DAILY_TEMPLATE_TEXT,
      ...template,
      dailyRun: { ...run, heldCode: challenge.code },
    };
  }
  if (isOutside(context)) return skip; // no template configured: WhatsApp would refuse it
  return {
    ...NONE,
    topic: challenge.topic,
    difficulty: challenge.difficulty,
    challengeCode: challenge.code,
    counted: true,
    outcome: 'challenge',
    reply: dailyIntro() + challengeReply(challenge, quota.remaining),
    initiatedBy: 'bot',
    dailyRun: { ...run, heldCode: null },
  };
}

/** `GO`: the challenge the daily template held, handed out now (counted like any). */
export function planGo(context: DecideContext, handOut: (challenge: Challenge) => Plan): Plan {
  const held = context.snapshot.dailyHeld;
  if (!held) return { ...NONE, outcome: 'daily_shown', reply: nothingHeldForGoReply() };
  const daily = context.snapshot.coach.daily ?? NO_DAILY;
  return { ...handOut(held), dailyRun: { unanswered: 0, paused: daily.paused, heldCode: null } };
}

/** A streak reminder, at most once a day: only while the streak is alive, unsolved today, inside the window. */
export function planReminder(context: DecideContext): Plan {
  const { snapshot, now } = context;
  const skip = { ...NONE, outcome: 'daily_skipped' as const, reply: '', initiatedBy: 'bot' as const };
  const { streak, daily } = snapshot.coach;
  if (snapshot.consent.optedOut || !daily?.typed || daily.paused || streak.current === 0 || isOutside(context))
    return skip;
  if (streak.day === localDay(now, zoneOf(context))) return skip;
  return { ...skip, outcome: 'reminder', reply: reminderReply(streak.current) };
}

function pick(context: DecideContext, random: () => number): Challenge | undefined {
  const { snapshot } = context;
  const cell = snapshot.cell;
  if (!cell) return undefined;
  const level = chooseLevel(snapshot.progress.filter((p) => p.topic === cell.topic)).difficulty;
  const lastSent = new Map(snapshot.sent.map((sent) => [sent.code, sent.lastSentAt]));
  const candidates = snapshot.cellChallenges
    .filter((challenge) => challenge.difficulty === level)
    .map((challenge) => ({ code: challenge.code, lastSentAt: lastSent.get(challenge.code) ?? null, challenge }));
  const code = selectChallenge(candidates, random);
  return candidates.find((candidate) => candidate.code === code)?.challenge;
}

function isOutside({ snapshot, now }: DecideContext): boolean {
  const last = snapshot.coach.lastSeenAt;
  return !last || now.getTime() - last.getTime() >= SESSION_WINDOW_MS;
}

/** Outside the window only a template may go: its ContentSid, when the school configured one. */
function outsideWindow(context: DecideContext): { contentSid?: string } {
  const sid = context.rules.daily?.templateSid;
  return isOutside(context) && sid ? { contentSid: sid } : {};
}
