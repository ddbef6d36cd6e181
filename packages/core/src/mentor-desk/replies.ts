import { formatDuration } from '../learning/quota.js';
import type { QueueStanding } from './standing.js';

/** Every text the mentor desk sends to learners lives here (the learning texts live in learning/replies). */

export function askHowReply(): string {
  return 'What would you like to ask the mentors? Send *ask* followed by your question, e.g. *ask why does my groupby drop rows?*';
}

/** Where the learner's ticket stands: queue place and the usual wait, when known. */
function standingLine(standing: QueueStanding): string {
  const place =
    standing.position === null
      ? 'A mentor has already answered this ticket.'
      : `You are *number ${standing.position}* in the queue of unanswered questions.`;
  const usual =
    standing.medianFirstAnswerMs === null
      ? 'No questions were answered in the last 7 days, so there is no usual wait to go by yet.'
      : `Over the last 7 days, the median time to a first answer was *${formatDuration(standing.medianFirstAnswerMs)}*.`;
  return `${place} ${usual}`;
}

export function ticketOpenedReply(ticketId: number, standing: QueueStanding): string {
  return `📨 Your question is *ticket #${ticketId}*. A mentor will answer here on WhatsApp. ${standingLine(standing)}\n\n_Anything you send while it is open goes to the same mentor thread. Questions don't count against your daily challenges._`;
}

export function followUpReply(ticketId: number, standing: QueueStanding): string {
  return `➕ Added to your *ticket #${ticketId}*: the mentors see it in the same thread. ${standingLine(standing)}\n\n_For a separate question, send *ask new <question>*._`;
}

export function ticketLimitReply(limit: number, openIds: readonly number[]): string {
  const ids = openIds.map((id) => `#${id}`).join(', ');
  return `You already have ${limit} open questions (${ids}). Please wait for a mentor to answer and close one before asking something new; anything you send now goes to your latest one.`;
}

export function mentorAnswerReply(author: string, ticketId: number, text: string): string {
  return `👩‍🏫 *${author}* (mentor) on ticket #${ticketId}:\n\n${text.trim()}`;
}

export function ticketClosedReply(ticketId: number, by: string): string {
  return `✅ Your *ticket #${ticketId}* was closed by ${by}. Send *ask <question>* whenever you need a mentor again.`;
}

export function ticketNotPostedReply(ticketId: number): string {
  return `Sorry, your *ticket #${ticketId}* could not reach the mentors, so it is closed. Please send *ask <question>* again later.`;
}

/** What the approved template says (it is sent by its ContentSid; this is our record of it). */
export const ANSWER_TEMPLATE_TEXT = 'Your mentor answered your question. Reply OPEN to read it.';
