import { parseCommand } from '../commands/parse-command.js';
import { maskPhone, normalisePhone } from '../learner/phone.js';
import type { InboundMessage } from '../queue/queues.js';
import { deliver } from './deliver.js';
import { planReply } from './plan-reply.js';
import {
  type Attempt,
  DuplicateInboundError,
  type HandledMessage,
  type InboundDeps,
  type Interaction,
} from './ports.js';

/**
 * Answers one inbound WhatsApp message exactly once: records what the learner asked and
 * what the bot answers (charging the quota atomically for a challenge), then delivers it.
 * Safe to run again for the same message: a recorded, still undelivered reply is resent
 * as recorded, and a delivered one is not sent again.
 */
export async function handleInbound(
  deps: InboundDeps,
  message: InboundMessage,
  attempt: Attempt,
): Promise<HandledMessage | undefined> {
  const existing = await deps.store.findByInboundSid(message.messageSid);
  if (existing && existing.status !== 'pending') {
    deps.log.info({ messageSid: message.messageSid, status: existing.status }, 'message already answered');
    return undefined;
  }
  const interaction = existing ?? (await record(deps, message));
  if (!interaction) return undefined;
  const status = await deliver(deps, message.from, interaction, attempt);
  return { outcome: interaction.outcome, topic: interaction.topic, difficulty: interaction.difficulty, status };
}

async function record(deps: InboundDeps, message: InboundMessage): Promise<Interaction | undefined> {
  const phone = normalisePhone(message.from);
  const command = parseCommand(message.body);
  const now = deps.clock.now();
  const catalog = await deps.catalog.counts();
  try {
    const interaction = await deps.store.withLearner(phone, async (ledger) => {
      const context = { ledger, catalog, dailyLimit: deps.dailyLimit, now, random: deps.random ?? Math.random };
      const plan = await planReply(command, context);
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
