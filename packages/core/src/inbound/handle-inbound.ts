import { keywordOf } from '../consent/consent.js';
import { REMINDER_AFTER_MS } from '../daily/daily.js';
import type { InboundMessage, MentorDeskJob } from '../jobs/catalog.js';
import type { Command } from '../learning/commands/command.js';
import { parseCommand } from '../learning/commands/parse-command.js';
import { type DecideRules, decide, snapshotRequest } from '../learning/decide.js';
import type { Plan } from '../learning/plan.js';
import { maskPhone, normalisePhone } from '../shared/phone.js';
import { commandOfTap } from '../whatsapp/taps.js';
import { withFiles } from './media-command.js';
import type { HandledMessage, InboundDeps, LearnerTurn } from './ports.js';

type RecordedTurn = Extract<LearnerTurn, { kind: 'recorded' }>;

/**
 * Answers one inbound WhatsApp message exactly once: load the learner's snapshot, decide, persist
 * the plan (charging the quota atomically for a challenge) with the messages to send, then hand
 * those to the outbound queue. Safe to run again for the same message: a message recorded before
 * is not decided again; its reply is re-queued as recorded (the outbound side never sends a
 * message twice) while unsent, and left once answered.
 */
export async function handleInbound(
  deps: InboundDeps,
  message: InboundMessage,
  attempt: { started: number },
): Promise<HandledMessage | undefined> {
  const phone = normalisePhone(message.from);
  const command = commandOf(message);
  const now = deps.clock.now();
  const random = deps.random ?? Math.random;
  const rules = await decideRules(deps);
  const learner = { phone, address: message.from, profileName: message.profileName, sender: message.to || undefined };
  const turn = await deps.learners.turn(
    snapshotRequest(command, learner, rules, random),
    {
      inboundSid: message.messageSid,
      phone,
      keywords: message.tap?.text || message.body,
      command: command.kind,
      createdAt: now,
      mayBeRecorded: attempt.started > 1,
      via: message.tap?.via ?? 'typed',
    },
    (snapshot) => decide(command, { snapshot, now, rules }, random),
  );
  if (turn.kind === 'no-learner') return undefined;
  if (turn.kind === 'recorded-before') {
    if (turn.status !== 'pending') {
      deps.log.info({ messageSid: message.messageSid, status: turn.status }, 'message already answered');
      return undefined;
    }
    await deps.outbox.enqueue(turn.unsentIds);
    return turn.handled;
  }
  const { plan } = turn;
  deps.log.info(
    { messageSid: message.messageSid, learner: maskPhone(phone), command: command.kind, outcome: plan.outcome },
    'message recorded',
  );
  await deps.outbox.enqueueMessages(replyJobs(turn, message.from));
  // A lost desk job is found again by the desk's sweep: the ticket or follow-up stays unposted.
  const mentorDeskJob = mentorDeskJobOf(turn);
  if (mentorDeskJob) await deps.mentorDesk?.queue.enqueue(mentorDeskJob);
  if (plan.erasure === 'confirmed') await deps.privacy?.erase({ phone, interactionId: turn.interactionId });
  await afterTurn(deps, learner.phone, plan, now);
  return { outcome: plan.outcome, topic: plan.topic, difficulty: plan.difficulty };
}

/** The school's rules `decide` applies, the same for a learner's message and a scheduled send. */
export async function decideRules(deps: InboundDeps): Promise<DecideRules> {
  return {
    dailyLimit: deps.dailyLimit,
    schoolTimeZone: deps.schoolTimeZone,
    privacyUrl: deps.privacyUrl,
    accessMode: deps.access?.mode,
    accessFormUrl: deps.access?.formUrl,
    daily: deps.daily && { templateSid: deps.daily.templateSid, quiet: deps.daily.quiet },
    catalog: await deps.catalog.counts(),
    extension: deps.mentorDesk?.planners,
  };
}

/**
 * What the message asks for. A WhatsApp reply quoting one of our messages, that is no command of
 * its own, answers the challenge that message sent.
 */
function commandOf(message: InboundMessage): Command {
  if (message.flooded) return { kind: 'flooded' };
  // Twilio's Advanced Opt-Out answered the keyword already: record it, say nothing more.
  const keyword = keywordOf(message.body) || (message.optOutType ?? '').toLowerCase();
  if (message.optOutType === 'STOP') return { kind: 'stop', keyword, silent: true };
  if (message.optOutType === 'START') return { kind: 'start', keyword, silent: true };
  if (message.optOutType === 'HELP') return { kind: 'smalltalk', meaning: 'silent' };
  // A tap acts on what its payload names (the challenge of that message), never on the latest one;
  // a tap on a button we did not make (a school's template) reads as its label.
  if (message.tap)
    return (
      commandOfTap(message.tap.payload, message.tap.text, message.tap.via) ??
      parseCommand(message.tap.text || message.body)
    );
  // Media, a location or a card without a word: say what the bot can do with it, never nothing.
  if (message.attachment && message.body.trim() === '')
    return withFiles({ kind: 'attachment', what: message.attachment }, message);
  const command = withFiles(parseCommand(message.body), message);
  if (message.repliedTo && (command.kind === 'unknown' || command.kind === 'suggest')) {
    return { kind: 'answer', text: message.body, code: null, via: 'quoted', quotedSid: message.repliedTo };
  }
  return command;
}

/**
 * What a plan changes outside MySQL: the learner's daily schedule (set, or cleared by `daily off`,
 * STOP or erasure), and after a solve with the daily challenge on, tomorrow's streak reminder.
 */
export async function afterTurn(deps: Pick<InboundDeps, 'daily'>, phone: string, plan: Plan, now: Date): Promise<void> {
  const schedules = deps.daily?.schedules;
  if (!schedules) return;
  if (plan.daily && 'on' in plan.daily) await schedules.set(phone, plan.daily.on, plan.daily.zone);
  const stopped =
    plan.consent?.event === 'opt_out' || plan.erasure === 'confirmed' || (plan.daily && 'off' in plan.daily);
  if (stopped) await schedules.clear(phone);
  if (plan.streak && plan.streak.current > 0) {
    await schedules.remind(phone, new Date(now.getTime() + REMINDER_AFTER_MS), plan.streak.day ?? '');
  }
}

/** One job per message of the reply, each carrying what it sends, so sending it reads nothing. */
export function replyJobs(turn: RecordedTurn, to: string) {
  const { plan, messages, outboundIds, interactionId } = turn;
  const { topic, difficulty } = plan;
  // The cell of a challenge handed out, for the delivered-challenges metric.
  const challenge = plan.outcome === 'challenge' && topic && difficulty ? { topic, difficulty } : null;
  if (outboundIds.length !== messages.length) throw new Error('every message of a reply needs its row');
  return messages.map((message, index) => ({
    outboundId: outboundIds[index] as number,
    message: {
      interactionId,
      outcome: plan.outcome,
      answerId: message.answerId ?? null,
      to,
      from: turn.from,
      body: message.body,
      contentSid: plan.contentSid ?? null,
      actions: message.actions ?? null,
      mediaUrl: message.mediaUrl ?? null,
      challenge,
      sole: messages.length === 1,
    },
  }));
}

function mentorDeskJobOf(turn: RecordedTurn): MentorDeskJob | undefined {
  if (turn.ticketId !== undefined) return { kind: 'post-ticket', ticketId: turn.ticketId };
  if (turn.followUpId !== undefined) return { kind: 'post-follow-up', followUpId: turn.followUpId };
  return undefined;
}
