import type { CatalogCounts, Difficulty, Topic } from './catalog.js';
import type { Command, CommandKind } from './commands/command.js';
import type { InteractionFacts } from './interaction.js';
import type { Plan } from './plan.js';
import { nextDifficulty } from './progression.js';
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
  topicsReply,
  unknownCodeReply,
} from './replies.js';
import { selectChallenge } from './select-challenge.js';
import { type LearnerIdentity, type LearnerSnapshot, type SnapshotRequest, sentCounts } from './snapshot.js';

/** What `decide` is given besides the snapshot. */
export interface DecideContext {
  snapshot: LearnerSnapshot;
  now: Date;
  rules: DecideRules;
}

type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;
export type Planner<K extends CommandKind> = (command: CommandOf<K>, context: DecideContext) => Plan;

/**
 * A part of the bot that plans some commands itself (the mentor desk plans `ask` and text that is
 * no command) and says which parts of the snapshot it needs for them. Registered, not imported,
 * so learning knows nothing of the desk.
 */
export interface PlannerExtension {
  planners: { [K in CommandKind]?: Planner<K> };
  needs(command: Command): Partial<Pick<SnapshotRequest, 'history' | 'heldAnswers' | 'tickets'>>;
}

export interface DecideRules {
  dailyLimit: number;
  /** Active challenges per cell, for the menu and for a random topic. */
  catalog: CatalogCounts;
  extension?: PlannerExtension | undefined;
}

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
        : undefined;
  const wanted = rules.extension?.needs(command) ?? {};
  return {
    learner,
    window: cell !== undefined,
    history: cell !== undefined || command.kind === 'solution' || Boolean(wanted.history),
    cell,
    named: command.kind === 'hint' || command.kind === 'solution' ? command.code || undefined : undefined,
    heldAnswers: Boolean(wanted.heldAnswers),
    tickets: wanted.tickets ?? 'none',
  };
}

/**
 * Decides the answer to one command from the learner's snapshot: pure, so every rule is tested in
 * memory. Only a challenge handed out counts; mentor answers held back go out first.
 */
export function decide(command: Command, context: DecideContext, random: () => number = Math.random): Plan {
  const plan = planCommand(command, context, random);
  return { ...plan, release: context.snapshot.heldAnswers };
}

function planCommand(command: Command, context: DecideContext, random: () => number): Plan {
  const { snapshot, rules } = context;
  const planner = rules.extension?.planners[command.kind] as Planner<typeof command.kind> | undefined;
  if (planner) return planner(command as never, context);
  switch (command.kind) {
    case 'challenge':
    case 'random':
      return planChallenge(context, random);
    case 'help':
      return { ...NOTHING, outcome: 'menu', reply: menuReply(rules.catalog) };
    case 'topics':
      return { ...NOTHING, outcome: 'topics', reply: topicsReply(rules.catalog) };
    case 'hint':
    case 'solution':
      return planHelpWithChallenge(snapshot, command.kind, command.code);
    case 'suggest':
      return { ...NOTHING, outcome: 'suggestion', reply: suggestReply(command.suggestion) };
    case 'flooded':
      return { ...NOTHING, outcome: 'flood_notice', reply: floodReply() };
    case 'ask':
      return { ...NOTHING, outcome: 'desk_unavailable', reply: mentorsUnavailableReply() };
    case 'open':
      // The held answers themselves are the reply; without any, say so.
      return { ...NOTHING, outcome: 'open', reply: snapshot.heldAnswers.length > 0 ? '' : nothingHeldReply() };
    case 'unknown':
      return { ...NOTHING, outcome: 'not_understood', reply: notUnderstoodReply(command.text) };
  }
}

function planChallenge({ snapshot, rules, now }: DecideContext, random: () => number): Plan {
  const cell = snapshot.cell;
  if (!cell) throw new Error('a challenge request needs its cell in the snapshot');
  const difficulty: Difficulty = cell.difficulty ?? nextDifficulty(sentCounts(snapshot, cell.topic));
  const request = { ...NOTHING, topic: cell.topic, difficulty };
  const quota = decideQuota(snapshot.countedAt, rules.dailyLimit, now);
  if (!quota.allowed) {
    const wait = formatWait(now, quota.nextAvailableAt);
    return { ...request, outcome: 'limited', reply: limitReply(rules.dailyLimit, wait) };
  }
  const lastSent = new Map(snapshot.sent.map((sent) => [sent.code, sent.lastSentAt]));
  const candidates = snapshot.cellChallenges
    .filter((challenge) => challenge.difficulty === difficulty)
    .map((challenge) => ({ code: challenge.code, lastSentAt: lastSent.get(challenge.code) ?? null, challenge }));
  const code = selectChallenge(candidates, random);
  const challenge = candidates.find((candidate) => candidate.code === code)?.challenge;
  if (!challenge) return { ...request, outcome: 'empty_cell', reply: emptyCellReply(cell.topic, difficulty) };
  const handedOut: InteractionFacts = {
    ...request,
    outcome: 'challenge',
    counted: true,
    challengeCode: challenge.code,
  };
  return { ...NOTHING, ...handedOut, reply: challengeReply(challenge, quota.remaining) };
}

function planHelpWithChallenge(snapshot: LearnerSnapshot, kind: 'hint' | 'solution', code: string): Plan {
  const challenge = code === '' ? undefined : snapshot.named;
  if (!challenge) return { ...NOTHING, outcome: 'unknown_code', reply: unknownCodeReply(code, kind) };
  const about = { ...NOTHING, topic: challenge.topic, difficulty: challenge.difficulty, challengeCode: challenge.code };
  if (kind === 'hint') return { ...about, outcome: 'hint', reply: hintReply(challenge) };
  if (!snapshot.sent.some((sent) => sent.code === challenge.code)) {
    return { ...about, outcome: 'solution_locked', reply: solutionLockedReply(challenge.code) };
  }
  return { ...about, outcome: 'solution', reply: solutionReply(challenge) };
}

function pickTopic(catalog: CatalogCounts, random: () => number): Topic {
  const topics = [...catalog.keys()];
  return topics[Math.floor(random() * topics.length)] ?? 'python';
}
