import { attachmentReply } from '../learning/coach/replies.js';
import type { Command, MediaFile } from '../learning/commands/command.js';
import { type DecideContext, NOTHING, type PlannerExtension } from '../learning/decide.js';
import type { Plan } from '../learning/plan.js';
import { notUnderstoodReply } from '../learning/replies.js';
import { lastChallengeCode } from '../learning/snapshot.js';
import { askHowReply, filesReplyLines, followUpReply, ticketLimitReply, ticketOpenedReply } from './replies.js';
import { queueStanding } from './standing.js';
import { sortFiles } from './ticket-files.js';

export interface MentorDeskPlanSettings {
  maxOpenTickets: number;
}

/**
 * The mentor desk's part of `decide`: questions (`ask`, with any files they carry), and text that
 * is no command or files while a ticket is open. The ticket is written in the learner's
 * transaction, so two quick asks cannot both pass the limit. Mentor answers held back are read for
 * every message but a flood notice.
 */
export function mentorDeskPlanners(settings: MentorDeskPlanSettings): PlannerExtension {
  return {
    planners: {
      ask: (command, context) => planAsk(context, settings, command.question, command.separate, command.files ?? []),
      unknown: (command, context) => planUnrecognised(context, command.text),
      attachment: (command, context) => planFiles(context, command.what, command.files ?? [], command.text ?? ''),
    },
    needs: (command: Command) => {
      const files = command.kind === 'attachment' && (command.files?.length ?? 0) > 0;
      const followUp = (command.kind === 'unknown' && command.text.trim() !== '') || files;
      const tickets = command.kind === 'ask' ? 'queue' : followUp ? 'open' : 'none';
      // A new ticket is about the learner's last challenge: their history says which.
      return { heldAnswers: command.kind !== 'flooded', tickets, history: command.kind === 'ask' };
    },
  };
}

/**
 * A follow-up in the open ticket about the learner's current challenge (unless they asked for a
 * separate one), else a new ticket, up to the limit.
 */
function planAsk(
  context: DecideContext,
  settings: MentorDeskPlanSettings,
  question: string,
  separate: boolean,
  files: readonly MediaFile[],
): Plan {
  const { snapshot, now } = context;
  // A photo captioned only "ask" is the question itself.
  if (question === '' && files.length === 0) return { ...NOTHING, outcome: 'ask_empty', reply: askHowReply() };
  const open = snapshot.openTickets;
  const challengeCode = lastChallengeCode(snapshot);
  const current = separate ? undefined : open.find((ticket) => ticket.challengeCode === challengeCode);
  if (current) return planFollowUp(context, current.id, question, files);
  if (open.length >= settings.maxOpenTickets) {
    const ids = open.map((ticket) => ticket.id).reverse();
    return { ...NOTHING, outcome: 'ticket_limit', reply: ticketLimitReply(settings.maxOpenTickets, ids) };
  }
  const { learner } = snapshot;
  return {
    ...NOTHING,
    challengeCode,
    outcome: 'ticket_opened',
    reply: (ticketId) =>
      [ticketOpenedReply(ticketId, queueStanding(snapshot.ticketQueue, undefined)), filesLines(ticketId, files)]
        .filter((part) => part !== '')
        .join('\n\n'),
    ...(files.length > 0 ? { ticketFiles: files } : {}),
    ticket: {
      phone: learner.phone,
      address: learner.address,
      profileName: learner.profileName ?? null,
      question,
      challengeCode,
      createdAt: now,
    },
  };
}

/** Text that is no command: a follow-up while a ticket is open, else "not understood". */
function planUnrecognised(context: DecideContext, text: string): Plan {
  const [latest] = text.trim() === '' ? [] : context.snapshot.openTickets;
  if (!latest) return { ...NOTHING, outcome: 'not_understood', reply: notUnderstoodReply(text) };
  return planFollowUp(context, latest.id, text.trim());
}

/**
 * Files while a ticket is open follow it up (their caption with them); without one, the one line
 * on what the bot can do with them. A location, a card or a sticker never needs a ticket.
 */
function planFiles(context: DecideContext, what: string, files: readonly MediaFile[], text: string): Plan {
  const [latest] = context.snapshot.openTickets;
  if (!latest || files.length === 0) return { ...NOTHING, outcome: 'attachment', reply: attachmentReply(what) };
  return planFollowUp(context, latest.id, text.trim(), files);
}

function planFollowUp(context: DecideContext, ticketId: number, text: string, files: readonly MediaFile[] = []): Plan {
  const ticket = context.snapshot.openTickets.find((open) => open.id === ticketId);
  const standing = queueStanding(context.snapshot.ticketQueue, ticket);
  return {
    ...NOTHING,
    outcome: 'ticket_follow_up',
    // Files get the short answer: where they went, and what could not go.
    reply: files.length > 0 ? filesLines(ticketId, files) : followUpReply(ticketId, standing),
    followUp: { ticketId, text },
    ...(files.length > 0 ? { ticketFiles: files } : {}),
  };
}

function filesLines(ticketId: number, files: readonly MediaFile[]): string {
  const { accepted, refused } = sortFiles(files);
  const types = (list: readonly MediaFile[]) => list.map((file) => file.contentType);
  return files.length === 0 ? '' : filesReplyLines(ticketId, types(accepted), types(refused));
}
