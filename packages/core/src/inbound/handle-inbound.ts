import type { Command } from '../commands/command.js';
import { parseCommand } from '../commands/parse-command.js';
import { maskPhone, normalisePhone } from '../learner/phone.js';
import type { InboundMessage, MentorJob } from '../queue/queues.js';
import { splitReply } from '../replies/split-reply.js';
import { planReply } from './plan-reply.js';
import {
  DuplicateInboundError,
  type HandledMessage,
  type InboundDeps,
  type Interaction,
  type OutgoingText,
} from './ports.js';

/**
 * Answers one inbound WhatsApp message exactly once: records what the learner asked and the
 * bot's reply (charging the quota atomically for a challenge) with the messages to send, then
 * hands those to the outbound queue. Safe to run again for the same message: the unique inbound
 * SID refuses a second record, a recorded reply is re-queued as recorded (the outbound side never
 * sends a message twice), an answered one is left.
 */
export async function handleInbound(deps: InboundDeps, message: InboundMessage): Promise<HandledMessage | undefined> {
  const recorded = await record(deps, message);
  const interaction = recorded ? recorded.interaction : await deps.store.findByInboundSid(message.messageSid);
  if (interaction?.status !== 'pending') {
    deps.log.info({ messageSid: message.messageSid, status: interaction?.status }, 'message already answered');
    return undefined;
  }
  await deps.outbox.enqueue(recorded ? recorded.outboundIds : await deps.outbound.unsent(interaction.id));
  // A lost desk job is found again by the desk's sweep: the ticket or follow-up stays unposted.
  if (recorded?.deskJob) await deps.desk?.queue.enqueue(recorded.deskJob);
  return { outcome: interaction.outcome, topic: interaction.topic, difficulty: interaction.difficulty };
}

interface Recorded {
  interaction: Interaction;
  outboundIds: number[];
  deskJob?: MentorJob | undefined;
}

/** The new record, or undefined when this message was recorded before (by an earlier or a parallel run). */
async function record(deps: InboundDeps, message: InboundMessage): Promise<Recorded | undefined> {
  const phone = normalisePhone(message.from);
  const command: Command = message.flooded ? { kind: 'flooded' } : parseCommand(message.body);
  const now = deps.clock.now();
  const catalog = await deps.catalog.counts();
  try {
    const recorded = await deps.store.withLearner(phone, async (ledger): Promise<Recorded> => {
      // The learner just wrote, so WhatsApp's 24-hour window is open: answers it held go out now.
      const held = deps.desk && !message.flooded ? await ledger.tickets.takeHeld() : [];
      const context = {
        ledger,
        catalog,
        dailyLimit: deps.dailyLimit,
        now,
        random: deps.random ?? Math.random,
        learner: { phone, address: message.from, profileName: message.profileName },
        desk: deps.desk?.settings,
        heldAnswers: held.length,
      };
      const { deskJob, ...plan } = await planReply(command, context);
      const entry = {
        inboundSid: message.messageSid,
        phone,
        keywords: message.body,
        command: command.kind,
        createdAt: now,
      };
      const messages: OutgoingText[] = [
        ...held.flatMap(({ answerId, text }) => splitReply(text).map((body) => ({ body, answerId }))),
        ...(plan.reply === '' ? [] : splitReply(plan.reply).map((body) => ({ body }))),
      ];
      const { outboundIds, ...interaction } = await ledger.record({ ...entry, ...plan }, messages, message.from);
      return { interaction, outboundIds, deskJob };
    });
    deps.log.info(
      {
        messageSid: message.messageSid,
        learner: maskPhone(phone),
        command: command.kind,
        outcome: recorded.interaction.outcome,
      },
      'message recorded',
    );
    return recorded;
  } catch (error) {
    if (!(error instanceof DuplicateInboundError)) throw error;
    return undefined;
  }
}
