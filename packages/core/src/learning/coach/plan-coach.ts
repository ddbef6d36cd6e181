import { outOfQuietHours, readDailyTime } from '../../daily/daily.js';
import { nextChoices, retryChoices } from '../../whatsapp/choices.js';
import { formatAnswer } from '../answers/challenge-answer.js';
import { checkAnswer, looksLikeAnswer } from '../answers/check-answer.js';
import { type Challenge, TOPICS, type Topic } from '../catalog.js';
import type { Command } from '../commands/command.js';
import type { DecideContext } from '../decide-context.js';
import type { Plan } from '../plan.js';
import { decideQuota } from '../quota.js';
import type { AnswerTarget, LearnerSnapshot } from '../snapshot.js';
import { chooseLevel } from './level.js';
import {
  closedChallengeReply,
  emptyAnswerReply,
  lastWrongReply,
  noOpenChallengeReply,
  nothingToReviewReply,
  progressReply,
  rightReply,
  smallTalkReply,
  timezoneSetReply,
  uncheckableReply,
  unknownTimezoneReply,
  unreadableReply,
  wrongReply,
} from './replies.js';
import { reviewDueAt } from './review.js';
import { solveOn, streakOn } from './streak.js';
import { isTimeZone, learnerTimeZone, localDay } from './timezone.js';

/** Attempts a learner has at one challenge; after the last wrong one the solution is shown. */
export const ATTEMPTS_PER_CHALLENGE = 3;

const NONE = { topic: null, difficulty: null, challengeCode: null, counted: false, release: [] } as const;

type AnswerCommand = Extract<Command, { kind: 'answer' }>;

/** A message that is no command reads as an answer when it has the form of the open challenge's. */
export function bareAnswer(
  command: Extract<Command, { kind: 'unknown' }>,
  snapshot: LearnerSnapshot,
): AnswerCommand | undefined {
  const target = snapshot.target;
  if (!target?.challenge.answer || target.progress.status !== 'open') return undefined;
  return looksLikeAnswer(target.challenge.answer, command.text)
    ? { kind: 'answer', text: command.text, code: null, via: 'bare' }
    : undefined;
}

/**
 * Checks an answer and plans the feedback in one message: right (the key step and what next),
 * wrong (attempts left and the author's hint for that mistake), the worked solution after the
 * last attempt, or how to write it when it cannot be read (no attempt spent). Never counted.
 */
export function planAnswer(command: AnswerCommand, context: DecideContext): Plan {
  const { snapshot } = context;
  const target = snapshot.target;
  if (!target) return { ...NONE, outcome: 'answer_none', reply: noOpenChallengeReply(command.code), command: 'answer' };
  const { challenge, progress } = target;
  const about = {
    ...NONE,
    topic: challenge.topic,
    difficulty: challenge.difficulty,
    challengeCode: challenge.code,
    command: 'answer' as const,
  };
  if (progress.status !== 'open') {
    return {
      ...about,
      outcome: 'answer_closed',
      reply: closedChallengeReply(progress),
      choices: nextChoices(challenge.code),
    };
  }
  if (!challenge.answer) return { ...about, outcome: 'answer_none', reply: uncheckableReply(challenge.code) };
  if (command.text.trim() === '')
    return { ...about, outcome: 'answer_unreadable', reply: emptyAnswerReply(challenge.code) };
  const { verdict, parsed } = checkAnswer(challenge.answer, command.text);
  const base = { code: challenge.code, text: command.text, parsed, via: command.via };
  if (verdict.verdict === 'unreadable') {
    return {
      ...about,
      outcome: 'answer_unreadable',
      reply: unreadableReply(verdict.expected, verdict.example, challenge.code),
      choices: retryChoices(challenge),
      attempt: { ...base, verdict: 'unreadable', attemptNo: null, status: 'open', attempts: progress.attempts },
    };
  }
  const attemptNo = progress.attempts + 1;
  if (verdict.verdict === 'right') return planRight(context, target, { ...base, attemptNo, precise: verdict.precise });
  const last = attemptNo >= ATTEMPTS_PER_CHALLENGE;
  return {
    ...about,
    outcome: last ? 'answer_revealed' : 'answer_wrong',
    reply: last
      ? lastWrongReply(challenge, formatAnswer(challenge.answer), verdict.hint)
      : wrongReply(challenge, ATTEMPTS_PER_CHALLENGE - attemptNo, verdict.hint),
    choices: last ? nextChoices(challenge.code) : retryChoices(challenge),
    attempt: {
      ...base,
      verdict: 'wrong',
      attemptNo,
      status: last ? 'missed' : 'open',
      attempts: attemptNo,
      ...(last ? { reviewDueAt: reviewDueAt(context.now, progress.reviewStep ?? 0) } : {}),
    },
  };
}

/**
 * `review`: the challenge the learner missed or revealed that has waited longest past its due
 * date, handed out as a challenge (it counts like one); or when the next one will be due.
 */
export function planReview(context: DecideContext, handOut: (challenge: Challenge) => Plan): Plan {
  const { snapshot, now } = context;
  if (snapshot.target) return handOut(snapshot.target.challenge);
  const upcoming = snapshot.progress
    .filter((p) => (p.status === 'missed' || p.status === 'revealed') && p.reviewDueAt)
    .map((p) => p.reviewDueAt as Date)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  return { ...NONE, outcome: 'review_none', reply: nothingToReviewReply(upcoming, now) };
}

function planRight(
  { snapshot, now, rules }: DecideContext,
  { challenge }: AnswerTarget,
  answer: {
    code: string;
    text: string;
    parsed: string | null;
    via: AnswerCommand['via'];
    attemptNo: number;
    precise?: string | undefined;
  },
): Plan {
  const zone = learnerTimeZone(snapshot.learner.phone, snapshot.coach.timezone, rules.schoolTimeZone);
  const solved = solveOn(snapshot.coach.streak, localDay(now, zone));
  const news = [
    solved.frozeDays > 0
      ? `A streak freeze covered ${solved.frozeDays === 1 ? 'the day' : `${solved.frozeDays} days`} you missed.`
      : '',
    solved.earnedFreeze ? 'You earned a streak freeze: it will cover a day you miss.' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const { precise, ...logged } = answer;
  return {
    ...NONE,
    topic: challenge.topic,
    difficulty: challenge.difficulty,
    challengeCode: challenge.code,
    command: 'answer',
    outcome: 'answer_right',
    reply: rightReply(challenge, { precise, streak: solved.streak.current, streakNews: news || undefined }),
    choices: nextChoices(challenge.code),
    attempt: { ...logged, verdict: 'right', status: 'solved', attempts: answer.attemptNo },
    streak: solved.streak,
  };
}

/** `progress`: solved and attempted per topic, level, streaks, what is left today, accuracy. */
export function planProgress({ snapshot, now, rules }: DecideContext): Plan {
  const zone = learnerTimeZone(snapshot.learner.phone, snapshot.coach.timezone, rules.schoolTimeZone);
  const levels = new Map<Topic, string>(
    TOPICS.map((topic) => [topic, chooseLevel(snapshot.progress.filter((p) => p.topic === topic)).difficulty]),
  );
  const quota = decideQuota(snapshot.countedAt, rules.dailyLimit, now);
  const { streak } = snapshot.coach;
  return {
    ...NONE,
    outcome: 'progress',
    reply: progressReply({
      progress: snapshot.progress,
      levels,
      streak: streakOn(streak, localDay(now, zone)),
      best: streak.best,
      freezes: streak.freezes,
      leftToday: quota.allowed ? quota.remaining + 1 : 0,
      zone,
    }),
  };
}

export function planTimezone(
  command: Extract<Command, { kind: 'timezone' }>,
  { now, snapshot, rules }: DecideContext,
): Plan {
  if (!isTimeZone(command.zone))
    return { ...NONE, outcome: 'timezone_unknown', reply: unknownTimezoneReply(command.zone) };
  const localTime = new Intl.DateTimeFormat('en-GB', {
    timeZone: command.zone,
    hour: '2-digit',
    minute: '2-digit',
  }).format(now);
  // A daily challenge moves with the zone: the same local time there.
  const daily = snapshot.coach.daily;
  const time = daily?.typed && !daily.paused && !snapshot.consent.optedOut ? readDailyTime(daily.typed) : undefined;
  return {
    ...NONE,
    outcome: 'timezone_set',
    reply: timezoneSetReply(command.zone, localTime),
    timezone: command.zone,
    ...(time ? { daily: { on: outOfQuietHours(time, rules.daily?.quiet), zone: command.zone } } : {}),
  };
}

export function planSmallTalk(command: Extract<Command, { kind: 'smalltalk' }>, menu: () => string): Plan {
  return {
    ...NONE,
    outcome: 'smalltalk',
    // `silent`: a HELP that Twilio's Advanced Opt-Out already answered.
    reply:
      command.meaning === 'greeting' ? menu() : command.meaning === 'silent' ? '' : smallTalkReply(command.meaning),
  };
}
