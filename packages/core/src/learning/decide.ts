import { joinedReply, notEnrolledReply, unknownJoinCodeReply } from '../access/roster.js';
import { keywordOf, startedReply, stoppedReply, welcomeReply } from '../consent/consent.js';
import { dailyIntro, outOfQuietHours, readDailyTime } from '../daily/daily.js';
import { planDailySend, planDailySetting, planGo, planReminder } from '../daily/plan-daily.js';
import {
  ERASE_CONFIRM_WINDOW_MS,
  eraseAskReply,
  erasedReply,
  myDataReply,
  noEraseRequestReply,
} from '../privacy/privacy.js';
import { challengeChoices, hintChoices, limitChoices, nextChoices, topicChoices } from '../whatsapp/choices.js';
import type { CatalogCounts, Challenge, Topic } from './catalog.js';
import { chooseLevel } from './coach/level.js';
import { bareAnswer, planAnswer, planProgress, planReview, planSmallTalk, planTimezone } from './coach/plan-coach.js';
import { attachmentReply, formatSolution, levelNote, reviewNote } from './coach/replies.js';
import { reviewDueAt } from './coach/review.js';
import { learnerTimeZone } from './coach/timezone.js';
import type { Command } from './commands/command.js';
import type { DecideContext, DecideRules, Planner } from './decide-context.js';
import type { InteractionFacts } from './interaction.js';
import type { Plan } from './plan.js';
import { decideQuota, formatWait } from './quota.js';
import {
  challengeReply,
  emptyCellReply,
  floodReply,
  hintReply,
  limitReply,
  mentorsUnavailableReply,
  menuReply,
  nothingHeldReply,
  notUnderstoodReply,
  solutionLockedReply,
  solutionReply,
  suggestReply,
  tapExpiredReply,
  topicsReply,
  unknownCodeReply,
} from './replies.js';
import { selectChallenge } from './select-challenge.js';
import type { LearnerIdentity, SnapshotRequest } from './snapshot.js';

export type { DecideContext, DecideRules, Planner, PlannerExtension } from './decide-context.js';

/** A reply that is no challenge and charges nothing. */
export const NOTHING = { topic: null, difficulty: null, challengeCode: null, counted: false, release: [] } as const;

/**
 * The parts of the snapshot `decide` will read for this command. A `random` request draws its
 * topic here, before loading, so the topic's candidates are read in the same round trip.
 */
export function snapshotRequest(
  command: Command,
  learner: LearnerIdentity,
  rules: DecideRules,
  random: () => number,
): SnapshotRequest {
  const cell =
    command.kind === 'challenge'
      ? { topic: command.topic, difficulty: command.difficulty }
      : command.kind === 'random'
        ? { topic: pickTopic(rules.catalog, random), difficulty: null }
        : command.kind === 'daily-send'
          ? { topic: command.topic, difficulty: null }
          : undefined;
  const wanted = rules.extension?.needs(command) ?? {};
  return {
    learner,
    window:
      cell !== undefined ||
      command.kind === 'progress' ||
      command.kind === 'review' ||
      command.kind === 'go' ||
      command.kind === 'daily-send',
    history: cell !== undefined || command.kind === 'solution' || Boolean(wanted.history),
    cell,
    named: command.kind === 'hint' || command.kind === 'solution' ? command.code || undefined : undefined,
    heldAnswers: Boolean(wanted.heldAnswers),
    tickets: wanted.tickets ?? 'none',
    // The learner's row is read for every message: consent and the welcome depend on it.
    coach: true,
    progress:
      command.kind === 'progress' || command.kind === 'review'
        ? 'all'
        : cell && cell.difficulty === null
          ? 'topic'
          : 'none',
    target: answerTarget(command),
    summary: command.kind === 'mydata',
    dailyHeld: command.kind === 'go',
    access:
      rules.accessMode === 'enrolled' || command.kind === 'join'
        ? { joinCode: command.kind === 'join' ? command.code : undefined }
        : undefined,
  };
}

/** Which challenge an answer (or a message that may be one, or a solution that reveals one) is about. */
function answerTarget(command: Command): SnapshotRequest['target'] {
  if (command.kind === 'answer') {
    if (command.code) return { code: command.code };
    return command.quotedSid ? { quotedSid: command.quotedSid } : 'latest';
  }
  if (command.kind === 'unknown') return 'latest';
  if (command.kind === 'review') return 'review';
  if (command.kind === 'solution' && command.code) return { code: command.code };
  return undefined;
}

/**
 * Decides the answer to one command from the learner's snapshot: pure, so every rule is tested in
 * memory. Only a challenge handed out counts; mentor answers held back go out first.
 */
export function decide(command: Command, context: DecideContext, random: () => number = Math.random): Plan {
  const { snapshot, rules } = context;
  const consent = planConsent(command, context);
  if (consent) return consent;
  const privacy = planPrivacy(command, context);
  if (privacy) return privacy;
  const access = planAccess(command, context);
  if (access) return access;
  const plan = planCommand(command, context, random);
  // First contact: who is writing, what is kept and why, how to stop — once, in a reply.
  const scheduled = command.kind === 'daily-send' || command.kind === 'remind';
  const welcome = snapshot.consent.welcomed || scheduled ? undefined : welcomeReply(rules.privacyUrl);
  return { ...plan, release: snapshot.heldAnswers, welcome };
}

/** `my data` says what is kept; `delete my data` asks for DELETE within 10 minutes, which erases. */
function planPrivacy(command: Command, { snapshot, now }: DecideContext): Plan | undefined {
  if (command.kind === 'mydata') {
    const summary = snapshot.summary ?? {
      messages: 0,
      challenges: 0,
      answers: 0,
      tickets: 0,
      firstContact: null,
      lastContact: null,
    };
    // This message is kept too.
    return { ...NOTHING, outcome: 'my_data', reply: myDataReply({ ...summary, messages: summary.messages + 1 }) };
  }
  if (command.kind !== 'erase') return undefined;
  if (command.step === 'ask')
    return { ...NOTHING, outcome: 'erase_asked', reply: eraseAskReply(), erasure: 'requested' };
  const asked = snapshot.consent.eraseRequestedAt;
  if (!asked || now.getTime() - asked.getTime() > ERASE_CONFIRM_WINDOW_MS) {
    return { ...NOTHING, outcome: 'erase_not_asked', reply: noEraseRequestReply() };
  }
  // The confirmation is the last message; held answers and the welcome are not sent.
  return {
    ...NOTHING,
    outcome: 'erase_confirmed',
    reply: erasedReply(),
    erasure: 'confirmed',
    release: [],
    welcome: undefined,
  };
}

/**
 * `join <code>` enrols with a cohort's code. In ACCESS_MODE=enrolled a number not on the roster
 * gets no content: one polite reply a day with the access form, then silence (still logged).
 */
function planAccess(command: Command, { snapshot, rules, now }: DecideContext): Plan | undefined {
  const { access } = snapshot;
  if (command.kind === 'join') {
    const { cohort } = access;
    if (!cohort || (cohort.expiresAt && cohort.expiresAt < now)) {
      return { ...NOTHING, outcome: 'join_refused', reply: unknownJoinCodeReply() };
    }
    const welcome = snapshot.consent.welcomed ? undefined : welcomeReply(rules.privacyUrl);
    return { ...NOTHING, outcome: 'joined', reply: joinedReply(cohort.name), enrol: { cohort: cohort.name }, welcome };
  }
  if (rules.accessMode !== 'enrolled' || access.enrolled) return undefined;
  // Taken off the roster: nothing scheduled goes to them.
  if (command.kind === 'daily-send' || command.kind === 'remind') {
    return { ...NOTHING, outcome: 'daily_skipped', reply: '', initiatedBy: 'bot' };
  }
  const recently = access.noticeAt !== null && now.getTime() - access.noticeAt.getTime() < 24 * 60 * 60 * 1000;
  return recently
    ? { ...NOTHING, outcome: 'not_enrolled', reply: '' }
    : { ...NOTHING, outcome: 'not_enrolled', reply: notEnrolledReply(rules.accessFormUrl), accessNotice: true };
}

/**
 * STOP and its synonyms opt out, START (and YES while opted out) back in: recorded, confirmed
 * once, nothing else done. A keyword Twilio's Advanced Opt-Out already answered is only recorded.
 */
function planConsent(command: Command, { snapshot, rules }: DecideContext): Plan | undefined {
  const { optedOut } = snapshot.consent;
  const yes = command.kind === 'unknown' && optedOut && keywordOf(command.text) === 'yes';
  if (command.kind !== 'stop' && command.kind !== 'start' && !yes) return undefined;
  const silent = command.kind !== 'unknown' && command.silent;
  const channel = silent ? 'twilio_opt_out' : 'whatsapp';
  if (command.kind === 'stop') {
    return {
      ...NOTHING,
      outcome: 'opted_out',
      command: 'stop',
      reply: silent || optedOut ? '' : stoppedReply(),
      // Already out: no change to record, nothing to say.
      consent: optedOut ? undefined : { event: 'opt_out', keyword: command.keyword, channel },
      // Stopping is answered at most with its confirmation: held answers stay held.
      release: [],
      welcome: undefined,
    };
  }
  if (!optedOut && command.kind === 'start' && !silent) return undefined; // START while subscribed: the menu
  const keyword = command.kind === 'start' ? command.keyword : 'yes';
  // What STOP suspended resumes: the daily challenge at the time the learner chose.
  const time = snapshot.coach.daily?.typed ? readDailyTime(snapshot.coach.daily.typed) : undefined;
  const zone = learnerTimeZone(snapshot.learner.phone, snapshot.coach.timezone, rules.schoolTimeZone);
  return {
    ...NOTHING,
    outcome: 'opted_in',
    command: 'start',
    reply: silent ? '' : startedReply(),
    consent: { event: 'opt_in', keyword, channel },
    release: silent ? [] : snapshot.heldAnswers,
    ...(time ? { daily: { on: outOfQuietHours(time, rules.daily?.quiet), zone } } : {}),
  };
}

function planCommand(command: Command, context: DecideContext, random: () => number): Plan {
  const { snapshot, rules } = context;
  // A message that reads as an answer to the open challenge is one, before any other meaning.
  const answer = command.kind === 'unknown' ? bareAnswer(command, snapshot) : undefined;
  if (answer) return planAnswer(answer, context);
  const planner = rules.extension?.planners[command.kind] as Planner<typeof command.kind> | undefined;
  if (planner) return planner(command as never, context);
  switch (command.kind) {
    case 'challenge':
    case 'random':
      return planChallenge(context, random);
    case 'help':
    case 'start':
      return { ...NOTHING, outcome: 'menu', reply: menuReply(rules.catalog), choices: topicChoices(rules.catalog) };
    case 'stop':
    case 'join':
    case 'mydata':
    case 'erase':
      throw new Error('consent, privacy and access commands are planned before any other');
    case 'attachment':
      return { ...NOTHING, outcome: 'attachment', reply: attachmentReply(command.what) };
    case 'daily':
      return planDailySetting(command, context);
    case 'go':
      return planGo(context, (challenge) => handOut(context, challenge, dailyIntro()));
    case 'daily-send':
      return planDailySend(context, random);
    case 'remind':
      return planReminder(context);
    case 'topics':
      return { ...NOTHING, outcome: 'topics', reply: topicsReply(rules.catalog), choices: topicChoices(rules.catalog) };
    case 'hint':
    case 'solution':
      return planHelpWithChallenge(context, command.kind, command.code);
    case 'suggest':
      return { ...NOTHING, outcome: 'suggestion', reply: suggestReply(command.suggestion) };
    case 'flooded':
      return { ...NOTHING, outcome: 'flood_notice', reply: floodReply() };
    case 'tap-expired':
      return {
        ...NOTHING,
        outcome: 'tap_expired',
        reply: tapExpiredReply(command.label),
        choices: topicChoices(rules.catalog),
      };
    case 'ask':
      return { ...NOTHING, outcome: 'desk_unavailable', reply: mentorsUnavailableReply() };
    case 'open':
      // The held answers themselves are the reply; without any, say so.
      return { ...NOTHING, outcome: 'open', reply: snapshot.heldAnswers.length > 0 ? '' : nothingHeldReply() };
    case 'unknown':
      return {
        ...NOTHING,
        outcome: 'not_understood',
        reply: notUnderstoodReply(command.text),
        choices: topicChoices(rules.catalog),
      };
    case 'answer':
      return planAnswer(command, context);
    case 'progress':
      return planProgress(context);
    case 'review':
      return planReview(context, (challenge) => handOut(context, challenge, reviewNote()));
    case 'timezone':
      return planTimezone(command, context);
    case 'smalltalk':
      return {
        ...planSmallTalk(command, () => menuReply(rules.catalog)),
        ...(command.meaning === 'greeting' ? { choices: topicChoices(rules.catalog) } : {}),
      };
  }
}

function planChallenge({ snapshot, rules, now }: DecideContext, random: () => number): Plan {
  const cell = snapshot.cell;
  if (!cell) throw new Error('a challenge request needs its cell in the snapshot');
  const level = cell.difficulty ? undefined : chooseLevel(snapshot.progress.filter((p) => p.topic === cell.topic));
  const difficulty = cell.difficulty ?? level?.difficulty ?? 'easy';
  const request = { ...NOTHING, topic: cell.topic, difficulty };
  const quota = decideQuota(snapshot.countedAt, rules.dailyLimit, now);
  if (!quota.allowed) {
    const wait = formatWait(now, quota.nextAvailableAt);
    return { ...request, outcome: 'limited', reply: limitReply(rules.dailyLimit, wait), choices: limitChoices() };
  }
  const lastSent = new Map(snapshot.sent.map((sent) => [sent.code, sent.lastSentAt]));
  const candidates = snapshot.cellChallenges
    .filter((challenge) => challenge.difficulty === difficulty)
    .map((challenge) => ({ code: challenge.code, lastSentAt: lastSent.get(challenge.code) ?? null, challenge }));
  const code = selectChallenge(candidates, random);
  const challenge = candidates.find((candidate) => candidate.code === code)?.challenge;
  if (!challenge) {
    const reply = emptyCellReply(cell.topic, difficulty);
    return { ...request, outcome: 'empty_cell', reply, choices: topicChoices(rules.catalog) };
  }
  const handedOut: InteractionFacts = {
    ...request,
    outcome: 'challenge',
    counted: true,
    challengeCode: challenge.code,
  };
  const why = level ? levelNote(level, cell.topic) : '';
  return {
    ...NOTHING,
    ...handedOut,
    reply: why + challengeReply(challenge, quota.remaining),
    choices: challengeChoices(challenge),
  };
}

/** One challenge handed out, when the quota allows it (a review counts like any challenge). */
function handOut({ snapshot, rules, now }: DecideContext, challenge: Challenge, note: string): Plan {
  const request = { ...NOTHING, topic: challenge.topic, difficulty: challenge.difficulty };
  const quota = decideQuota(snapshot.countedAt, rules.dailyLimit, now);
  if (!quota.allowed) {
    return {
      ...request,
      outcome: 'limited',
      reply: limitReply(rules.dailyLimit, formatWait(now, quota.nextAvailableAt)),
      choices: limitChoices(),
    };
  }
  const handedOut: InteractionFacts = {
    ...request,
    outcome: 'challenge',
    counted: true,
    challengeCode: challenge.code,
  };
  return {
    ...NOTHING,
    ...handedOut,
    reply: note + challengeReply(challenge, quota.remaining),
    choices: challengeChoices(challenge),
  };
}

function planHelpWithChallenge({ snapshot, now }: DecideContext, kind: 'hint' | 'solution', code: string): Plan {
  const challenge = code === '' ? undefined : snapshot.named;
  if (!challenge) return { ...NOTHING, outcome: 'unknown_code', reply: unknownCodeReply(code, kind) };
  const about = { ...NOTHING, topic: challenge.topic, difficulty: challenge.difficulty, challengeCode: challenge.code };
  if (kind === 'hint')
    return { ...about, outcome: 'hint', reply: hintReply(challenge), choices: hintChoices(challenge) };
  if (!snapshot.sent.some((sent) => sent.code === challenge.code)) {
    return { ...about, outcome: 'solution_locked', reply: solutionLockedReply(challenge.code) };
  }
  // Reading the solution before solving closes the challenge: it counts as revealed, not solved.
  const progress = snapshot.target?.progress;
  const open = progress?.code === challenge.code && progress.status === 'open';
  return {
    ...about,
    outcome: 'solution',
    reply: solutionReply({ ...challenge, solution: challenge.solution && formatSolution(challenge) }),
    choices: nextChoices(challenge.code),
    ...(open ? { revealed: { code: challenge.code, reviewDueAt: reviewDueAt(now, progress.reviewStep ?? 0) } } : {}),
  };
}

function pickTopic(catalog: CatalogCounts, random: () => number): Topic {
  const topics = [...catalog.keys()];
  return topics[Math.floor(random() * topics.length)] ?? 'python';
}
