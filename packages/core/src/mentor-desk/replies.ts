import { formatDuration } from '../learning/quota.js';
import type { QueueStanding } from './standing.js';
import { describeFiles, fileNoun } from './ticket-files.js';

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

/** A mentor's answer; files WhatsApp cannot show are named at its end. */
export function mentorAnswerReply(
  author: string,
  ticketId: number,
  text: string,
  unshown: readonly string[] = [],
): string {
  const header = `👩‍🏫 *${author}* (mentor) on ticket #${ticketId}:`;
  const files = unshown.map(
    (name) =>
      `📎 Your mentor also shared *${name}*, which WhatsApp can't show here: ask them for a screenshot or a PDF.`,
  );
  return [header, text.trim(), ...files].filter((part) => part !== '').join('\n\n');
}

/**
 * The message that carries one of a mentor's files (an image or a PDF; WhatsApp shows no caption on
 * a PDF). It says whose it is: it may reach the learner before the answer's text.
 */
export function mentorFileCaption(name: string, author: string, ticketId: number): string {
  return `📎 ${name} — from *${author}* (mentor), ticket #${ticketId}`;
}

/** What the reply to a learner's files says: which went to the mentors, and which could not. */
export function filesReplyLines(
  ticketId: number | undefined,
  accepted: readonly string[],
  refused: readonly string[],
): string {
  const lines: string[] = [];
  const ticket = ticketId === undefined ? '' : ` (ticket #${ticketId})`;
  if (accepted.length > 0) {
    const verb = accepted.length > 1 ? 'are on their way' : 'is on its way';
    lines.push(`📎 Your ${describeFiles(accepted)} ${verb} to the mentors${ticket}.`);
  }
  if (refused.length > 0) lines.push(fileRefusedLine(refused));
  return lines.join('\n');
}

function fileRefusedLine(refused: readonly string[]): string {
  return `⚠️ I couldn't pass on your ${describeFiles(refused)}: mentors get photos, screenshots, PDFs and voice notes. Send a screenshot or a PDF instead.`;
}

/** Told once the worker found a file too large (or not what it said it was) to pass on. */
export function fileRefusedReply(ticketId: number, contentType: string, reason: 'type' | 'size'): string {
  const noun = fileNoun(contentType);
  if (reason === 'size') {
    return `⚠️ Your ${noun} is too large to pass on to the mentors (over 16 MB), ticket #${ticketId}. Send a screenshot, or a smaller PDF, instead.`;
  }
  return `⚠️ I couldn't pass on your ${noun} to the mentors (ticket #${ticketId}): they get photos, screenshots, PDFs and voice notes. Send a screenshot or a PDF instead.`;
}

/** Twilio no longer had the file, or the mentors' channel refused it for good. */
export function fileFailedReply(ticketId: number, contentType: string): string {
  return `Sorry, your ${fileNoun(contentType)} could not reach the mentors (ticket #${ticketId}). Please send it again.`;
}

export function ticketClosedReply(ticketId: number, by: string): string {
  return `✅ Your *ticket #${ticketId}* was closed by ${by}. Send *ask <question>* whenever you need a mentor again.`;
}

export function ticketNotPostedReply(ticketId: number): string {
  return `Sorry, your *ticket #${ticketId}* could not reach the mentors, so it is closed. Please send *ask <question>* again later.`;
}

/** What the approved template says (it is sent by its ContentSid; this is our record of it). */
export const ANSWER_TEMPLATE_TEXT = 'Your mentor answered your question. Reply OPEN to read it.';
