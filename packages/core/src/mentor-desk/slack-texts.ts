import type { Challenge } from '../learning/catalog.js';
import { formatDuration } from '../learning/quota.js';
import { maskPhone, maskPhonesIn } from '../shared/phone.js';
import type { Ticket } from './ports.js';
import { escapeForSlack, slackQuote } from './slack-markup.js';
import { baseType, fileNoun, someFiles } from './ticket-files.js';

/** Every text the bot posts to the mentors' channel lives here, as the learners' texts live in replies. */

/** The learner's first name from their WhatsApp profile name, as mentors address them. */
function firstName(profileName: string | null, otherwise: string): string {
  return profileName?.trim().split(/\s+/)[0] || otherwise;
}

export function ticketPost(
  ticket: Ticket,
  challenge: Challenge | undefined,
  openCount: number,
  fileTypes: readonly string[] = [],
): string {
  const who = `${escapeForSlack(firstName(ticket.profileName, 'A learner'))} (${maskPhone(ticket.phone)})`;
  const about = challenge
    ? `*Last challenge:* [${challenge.code}] ${escapeForSlack(challenge.title)}\n${slackQuote(escapeForSlack(challenge.text))}`
    : ticket.challengeCode
      ? `*Last challenge:* [${ticket.challengeCode}]`
      : '*Last challenge:* none yet';
  return [
    `:raising_hand: *Ticket #${ticket.id}* from ${who} · ${openCount} open ticket${openCount === 1 ? '' : 's'}`,
    ticket.question.trim() === '' ? '_(no text: see the file below)_' : slackQuote(escapeForSlack(ticket.question)),
    ...(fileTypes.length > 0 ? [`:paperclip: With ${someFiles(fileTypes)} (below in the thread).`] : []),
    about,
    '_Reply in this thread to answer on WhatsApp. Close with a :white_check_mark: reaction or `/close` in the thread._',
  ].join('\n');
}

export function earlierTicketsNote(code: string, earlier: readonly Ticket[]): string {
  const links = earlier.map((ticket) =>
    ticket.slackPermalink ? `<${ticket.slackPermalink}|#${ticket.id}>` : `#${ticket.id}`,
  );
  return `:books: Earlier answered tickets about [${code}]: ${links.join(', ')}`;
}

export function followUpPost(ticket: Ticket, text: string, fileTypes: readonly string[] = []): string {
  const who = escapeForSlack(firstName(ticket.profileName, 'The learner'));
  if (fileTypes.length === 0) return `:speech_balloon: *${who}* follows up:\n${slackQuote(escapeForSlack(text))}`;
  const sent = `:paperclip: *${who}* sent ${someFiles(fileTypes)} (below)`;
  return text.trim() === '' ? `${sent}.` : `${sent}:\n${slackQuote(escapeForSlack(text))}`;
}

/** Posted with a learner's file uploaded into the thread. */
export function fileUploadComment(ticket: Ticket, contentType: string): string {
  return `:paperclip: ${escapeForSlack(firstName(ticket.profileName, 'The learner'))}'s ${fileNoun(contentType)} (ticket #${ticket.id})`;
}

export function fileRefusedNote(contentType: string, reason: 'type' | 'size'): string {
  const why =
    reason === 'size'
      ? 'it is larger than 16 MB'
      : `mentors get photos, PDFs and voice notes, not ${baseType(contentType) || 'this type'}`;
  return `:no_entry_sign: The learner's ${fileNoun(contentType)} was not passed on (${why}); they were asked for a screenshot or a PDF instead.`;
}

export function fileFailedNote(contentType: string, reason: string): string {
  return `:warning: The learner's ${fileNoun(contentType)} could not be attached: ${escapeForSlack(maskPhonesIn(reason).slice(0, 300))}. They were asked to send it again.`;
}

/** Files a mentor shared that WhatsApp cannot show (or, without PUBLIC_URL, any file). */
export function unshownFilesNote(names: readonly string[], mediaLinks: boolean): string {
  const list = names.map((name) => `*${escapeForSlack(name.slice(0, 80))}*`).join(', ');
  const why = mediaLinks
    ? 'WhatsApp shows images (JPEG, PNG) up to 5 MB and PDFs up to 16 MB'
    : 'the bot has no PUBLIC_URL Twilio could fetch files from';
  return `:warning: ${list} did not go to the learner (${why}): they got your text and the file's name. Paste it as text, or share a screenshot or a PDF.`;
}

export function bumpPost(ticket: Ticket, waitedMs: number): string {
  return `:alarm_clock: Ticket #${ticket.id} has waited ${formatDuration(waitedMs)} without an answer. Can someone take it?`;
}

export function heldNote(templateSent: boolean): string {
  const told = templateSent
    ? 'They were sent the "your mentor answered" template, and'
    : 'No answer template is configured, so they were not notified;';
  return `:hourglass: WhatsApp refused this answer: the learner has not written in the last 24 hours (Twilio 63016). The answer is kept. ${told} it will be delivered once, as soon as they next write.`;
}

export function deliveredLaterNote(): string {
  return ':incoming_envelope: The learner wrote again: the answer that was waiting has now been delivered.';
}

export function answerFailedNote(reason: string): string {
  return `:x: This answer could not be delivered on WhatsApp: ${escapeForSlack(reason)}`;
}

export function closedNote(by: string): string {
  return `:white_check_mark: Closed by ${escapeForSlack(by)}. The learner was told.`;
}
