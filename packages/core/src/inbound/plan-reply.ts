import type { CatalogCounts, Difficulty, Topic } from '../challenges/catalog.js';
import { nextDifficulty } from '../challenges/progression.js';
import { selectChallenge } from '../challenges/select-challenge.js';
import type { Command } from '../commands/command.js';
import { planAsk, planUnrecognised } from '../mentor/plan-ask.js';
import type { DeskSettings } from '../mentor/ports.js';
import type { MentorJob } from '../queue/queues.js';
import { decideQuota, formatWait, windowStart } from '../quota/rolling-window.js';
import {
  challengeReply,
  emptyCellReply,
  floodReply,
  hintReply,
  limitReply,
  menuReply,
  nothingHeldReply,
  solutionLockedReply,
  solutionReply,
  suggestReply,
  topicsReply,
  unknownCodeReply,
} from '../replies/replies.js';
import type { LearnerLedger, NewInteraction } from './ports.js';

export type Plan = Pick<NewInteraction, 'topic' | 'difficulty' | 'outcome' | 'counted' | 'challengeCode' | 'reply'> & {
  /** Work for the mentor desk once the plan is committed (posting a ticket or a follow-up). */
  deskJob?: MentorJob;
};

export interface PlanContext {
  ledger: LearnerLedger;
  catalog: CatalogCounts;
  dailyLimit: number;
  now: Date;
  random: () => number;
  learner: { phone: string; address: string; profileName?: string | undefined };
  /** The mentor desk's settings; undefined when Slack is not configured. */
  desk?: Pick<DeskSettings, 'maxOpenTickets'> | undefined;
  /** Mentor answers held back by WhatsApp that go out with this reply. */
  heldAnswers: number;
}

/** A reply that is no challenge and charges nothing. */
export const NOTHING = { topic: null, difficulty: null, challengeCode: null, counted: false } as const;

/** Decides the answer to one command, inside the learner's lock. Only a sent challenge counts. */
export async function planReply(command: Command, context: PlanContext): Promise<Plan> {
  switch (command.kind) {
    case 'challenge':
      return planChallenge(context, command.topic, command.difficulty);
    case 'random':
      return planChallenge(context, pickTopic(context), null);
    case 'help':
      return { ...NOTHING, outcome: 'menu', reply: menuReply(context.catalog) };
    case 'topics':
      return { ...NOTHING, outcome: 'topics', reply: topicsReply(context.catalog) };
    case 'hint':
    case 'solution':
      return planHelpWithChallenge(context.ledger, command.kind, command.code);
    case 'suggest':
      return { ...NOTHING, outcome: 'suggestion', reply: suggestReply(command.suggestion) };
    case 'flooded':
      return { ...NOTHING, outcome: 'flood_notice', reply: floodReply() };
    case 'ask':
      return planAsk(context, command.question, command.separate);
    case 'open':
      // The held answers themselves are the reply; without any, say so.
      return { ...NOTHING, outcome: 'open', reply: context.heldAnswers > 0 ? '' : nothingHeldReply() };
    case 'unknown':
      return planUnrecognised(context, command.text);
  }
}

async function planChallenge(context: PlanContext, topic: Topic, asked: Difficulty | null): Promise<Plan> {
  const { ledger, dailyLimit, now } = context;
  const difficulty = asked ?? nextDifficulty(await ledger.sentCounts(topic));
  const request = { topic, difficulty, challengeCode: null, counted: false };
  const quota = decideQuota(await ledger.countedSince(windowStart(now)), dailyLimit, now);
  if (!quota.allowed) {
    return { ...request, outcome: 'limited', reply: limitReply(dailyLimit, formatWait(now, quota.nextAvailableAt)) };
  }
  const candidates = await ledger.candidates(topic, difficulty);
  const code = selectChallenge(candidates, context.random);
  const challenge = candidates.find((candidate) => candidate.code === code)?.challenge;
  if (!challenge) return { ...request, outcome: 'empty_cell', reply: emptyCellReply(topic, difficulty) };
  return {
    ...request,
    outcome: 'challenge',
    counted: true,
    challengeCode: challenge.code,
    reply: challengeReply(challenge, quota.remaining),
  };
}

async function planHelpWithChallenge(ledger: LearnerLedger, kind: 'hint' | 'solution', code: string): Promise<Plan> {
  const challenge = code === '' ? undefined : await ledger.challenge(code);
  if (!challenge) return { ...NOTHING, outcome: 'unknown_code', reply: unknownCodeReply(code, kind) };
  const about = { ...NOTHING, topic: challenge.topic, difficulty: challenge.difficulty, challengeCode: challenge.code };
  if (kind === 'hint') return { ...about, outcome: 'hint', reply: hintReply(challenge) };
  if (!(await ledger.wasSent(challenge.code))) {
    return { ...about, outcome: 'solution_locked', reply: solutionLockedReply(challenge.code) };
  }
  return { ...about, outcome: 'solution', reply: solutionReply(challenge) };
}

function pickTopic({ catalog, random }: PlanContext): Topic {
  const topics = [...catalog.keys()];
  return topics[Math.floor(random() * topics.length)] ?? 'python';
}
