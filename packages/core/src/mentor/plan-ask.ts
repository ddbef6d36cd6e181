import { NOTHING, type Plan, type PlanContext } from '../inbound/plan-reply.js';
import {
  askHowReply,
  followUpReply,
  mentorsUnavailableReply,
  notUnderstoodReply,
  ticketLimitReply,
  ticketOpenedReply,
} from '../replies/replies.js';

/**
 * A question for the mentors: a follow-up in the open ticket about the learner's current
 * challenge (unless they asked for a separate one), else a new ticket, up to the limit.
 * The ticket is written in the learner's transaction, so two quick asks cannot both pass the limit.
 */
export async function planAsk(context: PlanContext, question: string, separate: boolean): Promise<Plan> {
  const { ledger, desk, now } = context;
  if (!desk) return { ...NOTHING, outcome: 'desk_unavailable', reply: mentorsUnavailableReply() };
  if (question === '') return { ...NOTHING, outcome: 'ask_empty', reply: askHowReply() };
  const open = await ledger.tickets.open();
  const challengeCode = await ledger.tickets.lastChallengeCode();
  const current = separate ? undefined : open.find((ticket) => ticket.challengeCode === challengeCode);
  if (current) return planFollowUp(context, current.id, question);
  if (open.length >= desk.maxOpenTickets) {
    const ids = open.map((ticket) => ticket.id).reverse();
    return { ...NOTHING, outcome: 'ticket_limit', reply: ticketLimitReply(desk.maxOpenTickets, ids) };
  }
  const ticketId = await ledger.tickets.create({
    phone: context.learner.phone,
    address: context.learner.address,
    profileName: context.learner.profileName ?? null,
    question,
    challengeCode,
    createdAt: now,
  });
  const standing = await ledger.tickets.standing(ticketId, now);
  return {
    ...NOTHING,
    challengeCode,
    outcome: 'ticket_opened',
    reply: ticketOpenedReply(ticketId, standing),
    deskJob: { kind: 'post-ticket', ticketId },
  };
}

/** Text that is no command: a follow-up while a ticket is open, else "not understood". */
export async function planUnrecognised(context: PlanContext, text: string): Promise<Plan> {
  const [latest] = context.desk && text.trim() !== '' ? await context.ledger.tickets.open() : [];
  if (!latest) return { ...NOTHING, outcome: 'not_understood', reply: notUnderstoodReply(text) };
  return planFollowUp(context, latest.id, text.trim());
}

async function planFollowUp(context: PlanContext, ticketId: number, text: string): Promise<Plan> {
  const followUpId = await context.ledger.tickets.addFollowUp(ticketId, text, context.now);
  const standing = await context.ledger.tickets.standing(ticketId, context.now);
  return {
    ...NOTHING,
    outcome: 'ticket_follow_up',
    reply: followUpReply(ticketId, standing),
    deskJob: { kind: 'post-follow-up', followUpId },
  };
}
