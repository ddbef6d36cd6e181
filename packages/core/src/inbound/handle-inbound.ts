import { selectChallenge } from '../challenges/select-challenge.js';
import type { Command } from '../commands/command.js';
import { parseCommand } from '../commands/parse-command.js';
import { maskPhone, normalisePhone } from '../learner/phone.js';
import type { InboundMessage } from '../queue/queues.js';
import { decideQuota, formatWait, windowStart } from '../quota/rolling-window.js';
import { challengeReply, emptyCellReply, limitReply, menuReply, notUnderstoodReply } from '../replies/replies.js';
import { deliver } from './deliver.js';
import {
  type Attempt,
  DuplicateInboundError,
  type InboundDeps,
  type Interaction,
  type LearnerLedger,
  type NewInteraction,
} from './ports.js';

type Plan = Pick<NewInteraction, 'topic' | 'difficulty' | 'outcome' | 'counted' | 'challengeCode' | 'reply'>;

/**
 * Answers one inbound WhatsApp message exactly once: records what the learner asked and
 * what the bot answers (charging the quota atomically for a challenge), then delivers it.
 * Safe to run again for the same message: a recorded, still undelivered reply is resent
 * as recorded, and a delivered one is not sent again.
 */
export async function handleInbound(deps: InboundDeps, message: InboundMessage, attempt: Attempt): Promise<void> {
  const existing = await deps.store.findByInboundSid(message.messageSid);
  if (existing && existing.status !== 'pending') {
    deps.log.info({ messageSid: message.messageSid, status: existing.status }, 'message already answered');
    return;
  }
  const interaction = existing ?? (await record(deps, message));
  if (!interaction) return;
  await deliver(deps, message.from, interaction, attempt);
}

async function record(deps: InboundDeps, message: InboundMessage): Promise<Interaction | undefined> {
  const phone = normalisePhone(message.from);
  const command = parseCommand(message.body);
  const now = deps.clock.now();
  const catalog = command.kind === 'help' ? await deps.catalog.counts() : undefined;
  try {
    const interaction = await deps.store.withLearner(phone, async (ledger) => {
      const plan =
        command.kind === 'challenge'
          ? await planChallenge(ledger, command, deps.dailyLimit, now)
          : planReply(command, catalog && menuReply(catalog));
      return ledger.record({
        inboundSid: message.messageSid,
        phone,
        keywords: message.body,
        command: command.kind,
        createdAt: now,
        ...plan,
      });
    });
    deps.log.info(
      {
        messageSid: message.messageSid,
        learner: maskPhone(phone),
        command: command.kind,
        outcome: interaction.outcome,
      },
      'message recorded',
    );
    return interaction;
  } catch (error) {
    if (!(error instanceof DuplicateInboundError)) throw error;
    deps.log.info({ messageSid: message.messageSid }, 'message already being handled by another run');
    return undefined;
  }
}

async function planChallenge(
  ledger: LearnerLedger,
  { topic, difficulty }: Extract<Command, { kind: 'challenge' }>,
  limit: number,
  now: Date,
): Promise<Plan> {
  const request = { topic, difficulty, challengeCode: null, counted: false };
  const quota = decideQuota(await ledger.countedSince(windowStart(now)), limit, now);
  if (!quota.allowed) {
    return { ...request, outcome: 'limited', reply: limitReply(limit, formatWait(now, quota.nextAvailableAt)) };
  }
  const code = selectChallenge(await ledger.candidates(topic, difficulty));
  const challenge = code === undefined ? undefined : await ledger.challenge(code);
  if (!challenge) return { ...request, outcome: 'empty_cell', reply: emptyCellReply(topic, difficulty) };
  return {
    ...request,
    outcome: 'challenge',
    counted: true,
    challengeCode: challenge.code,
    reply: challengeReply(challenge, quota.remaining),
  };
}

function planReply(command: Exclude<Command, { kind: 'challenge' }>, menu: string | undefined): Plan {
  const none = { topic: null, difficulty: null, challengeCode: null, counted: false };
  if (command.kind === 'help') return { ...none, outcome: 'menu', reply: menu ?? '' };
  return { ...none, outcome: 'not_understood', reply: notUnderstoodReply(command.text) };
}
