import { formatAnswer } from './answers/challenge-answer.js';
import type { CatalogCounts, Challenge } from './catalog.js';

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
  // Under 1,024 characters with the school's 7 topics, so it goes as one message with its topics list.
  return [
    '👋 *DataDrill*: practice for data scientists.',
    '',
    'Send a topic and a difficulty for a challenge, e.g. *python easy* or *sql hard*.',
    '',
    '*Topics and difficulties*',
    available,
    '',
    '*Commands*',
    '• *<topic>*: a challenge at your level, e.g. *stats*',
    '• *random*: a challenge from any topic',
    '• *topics*: how many challenges each topic has',
    '• *answer <your answer>*: check your answer (or just send it, e.g. *0.25*)',
    '• *hint <code>* / *solution <code>*: help with a challenge',
    '• *progress*: what you solved, your level and your streak',
    '• *review*: one you missed, back when it is due',
    '• *timezone <Area/City>*: the zone your days are counted in',
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
  const answer = challenge.answer ? `\n\n*Answer:* ${formatAnswer(challenge.answer)}` : '';
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

export function tapExpiredReply(label: string): string {
  const shown = label.trim() ? `"${label.trim().slice(0, 24)}" is` : 'That button is';
  return `${shown} from an older message I can no longer act on. Send *help* for the menu, or a topic, e.g. *python easy*.`;
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

export function nothingHeldReply(): string {
  return 'There are no unread answers from mentors right now. Send *ask <question>* to ask one, or *help* for the menu.';
}
