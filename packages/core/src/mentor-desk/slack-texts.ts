import type { Challenge } from '../learning/catalog.js';
import { formatDuration } from '../learning/quota.js';
import { maskPhone } from '../shared/phone.js';
import type { Ticket } from './ports.js';
import { escapeForSlack, slackQuote } from './slack-markup.js';

/** Every text the bot posts to the mentors' channel lives here, as the learners' texts live in replies. */

/** The learner's first name from their WhatsApp profile name, as mentors address them. */
function firstName(profileName: string | null, otherwise: string): string {
  return profileName?.trim().split(/\s+/)[0] || otherwise;
}

export function ticketPost(ticket: Ticket, challenge: Challenge | undefined, openCount: number): string {
  const who = `${escapeForSlack(firstName(ticket.profileName, 'A learner'))} (${maskPhone(ticket.phone)})`;
  const about = challenge
    ? `*Last challenge:* [${challenge.code}] ${escapeForSlack(challenge.title)}\n${slackQuote(escapeForSlack(challenge.text))}`
    : ticket.challengeCode
      ? `*Last challenge:* [${ticket.challengeCode}]`
      : '*Last challenge:* none yet';
  return [
    `:raising_hand: *Ticket #${ticket.id}* from ${who} · ${openCount} open ticket${openCount === 1 ? '' : 's'}`,
    slackQuote(escapeForSlack(ticket.question)),
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

export function followUpPost(ticket: Ticket, text: string): string {
  const who = escapeForSlack(firstName(ticket.profileName, 'The learner'));
  return `:speech_balloon: *${who}* follows up:\n${slackQuote(escapeForSlack(text))}`;
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
