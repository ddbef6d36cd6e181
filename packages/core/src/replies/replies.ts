import type { CatalogCounts, Challenge } from '../challenges/catalog.js';
import type { QueueStanding } from '../mentor/ports.js';
import { formatDuration } from '../quota/rolling-window.js';

/** Every text the bot sends lives here, so tone and wording stay consistent. */

export function challengeReply(challenge: Challenge, remaining: number): string {
  const left =
    remaining === 0
      ? "That was today's last challenge."
      : `${remaining} more challenge${remaining === 1 ? '' : 's'} available today.`;
  const extras = [challenge.hint && `hint ${challenge.code}`, challenge.solution && `solution ${challenge.code}`]
    .filter(Boolean)
    .map((command) => `*${command}*`);
  const help = extras.length > 0 ? ` Stuck? Send ${extras.join(' or ')}.` : '';
  return `*${challenge.title}* [${challenge.code}]\n\n${challenge.text.trim()}\n\n_${left}${help}_`;
}

export function limitReply(limit: number, wait: string): string {
  return `You've reached your daily limit of ${limit} challenges. Your next challenge is available in ${wait}. Meanwhile, send *help* to see what else you can do.`;
}

export function menuReply(catalog: CatalogCounts): string {
  const lines = [...catalog].map(([topic, cells]) => `• ${topic}: ${[...cells.keys()].join(', ')}`);
  const available = lines.length > 0 ? lines.join('\n') : '• (the library is being loaded, try again shortly)';
  return [
    '👋 *DataDrill*: practice for data scientists.',
    '',
    'Send a topic and a difficulty to get a challenge, e.g. *python easy* or *sql hard*.',
    '',
    '*Topics and difficulties*',
    available,
    '',
    '*Commands*',
    '• *<topic> <difficulty>*: a challenge, e.g. *stats medium*',
    '• *<topic>*: a challenge at your level in that topic',
    '• *random*: a challenge from any topic',
    '• *topics*: how many challenges each topic has',
    '• *hint <code>* / *solution <code>*: help with a challenge, e.g. *hint python-easy-007*',
    '• *ask <question>*: ask a mentor, who answers here',
    '• *help*: this menu',
  ].join('\n');
}

export function topicsReply(catalog: CatalogCounts): string {
  if (catalog.size === 0) return 'The library is being loaded, try again shortly.';
  const lines = [...catalog].map(
    ([topic, cells]) =>
      `• *${topic}*: ${[...cells].map(([difficulty, count]) => `${difficulty} ${count}`).join(' · ')}`,
  );
  return ['*Topics* (challenges per difficulty)', ...lines, '', 'Send e.g. *python easy* to get one.'].join('\n');
}

export function notUnderstoodReply(text: string): string {
  const shown = text.trim().slice(0, 40);
  const quoted = shown.length > 0 ? `"${shown}${text.trim().length > 40 ? '…' : ''}"` : 'an empty message';
  return `Sorry, I didn't understand ${quoted}. Send a topic and a difficulty, e.g. *python easy* or *sql hard*, or *help* for the menu.`;
}

export function suggestReply(suggestion: string): string {
  return `Did you mean *${suggestion}*? Send it to get a challenge, or *help* for the menu.`;
}

export function emptyCellReply(topic: string, difficulty: string): string {
  return `There are no ${topic} ${difficulty} challenges yet. Send *topics* to see what is available.`;
}

export function hintReply(challenge: Challenge): string {
  if (!challenge.hint)
    return `There is no hint for [${challenge.code}]. Send *solution ${challenge.code}* to see a worked solution.`;
  return `💡 *Hint* for [${challenge.code}] ${challenge.title}\n\n${challenge.hint.trim()}`;
}

export function solutionReply(challenge: Challenge): string {
  const answer = challenge.answer ? `\n\n*Answer:* ${challenge.answer}` : '';
  if (!challenge.solution) return `There is no worked solution for [${challenge.code}] yet.${answer}`;
  return `✅ *Solution* for [${challenge.code}] ${challenge.title}\n\n${challenge.solution.trim()}${answer}`;
}

export function solutionLockedReply(code: string): string {
  return `Solutions are for challenges you have been sent. Ask for [${code}]'s topic first, or send *hint ${code}*.`;
}

export function unknownCodeReply(code: string, command: 'hint' | 'solution'): string {
  if (code === '')
    return `Which challenge? Send *${command} <code>*, e.g. *${command} python-easy-007*: the code is in square brackets in each challenge.`;
  return `I don't know the challenge [${code}]. Codes look like *python-easy-007*: check the square brackets in the challenge.`;
}

export function floodReply(): string {
  return "You're sending messages faster than I can answer. I'll skip the next ones for a minute: please wait a moment, then send one message at a time.";
}

export function undeliveredReply(): string {
  return "Sorry, we couldn't deliver your last challenge. It has not been counted against your daily limit: please ask again.";
}

export function mentorsUnavailableReply(): string {
  return "Mentors are not available yet, so questions can't be sent. Meanwhile, send *hint <code>* for a nudge on a challenge, or *help* for the menu.";
}

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

export function nothingHeldReply(): string {
  return 'There are no unread answers from mentors right now. Send *ask <question>* to ask one, or *help* for the menu.';
}

/** What the approved template says (it is sent by its ContentSid; this is our record of it). */
export const ANSWER_TEMPLATE_TEXT = 'Your mentor answered your question. Reply OPEN to read it.';
