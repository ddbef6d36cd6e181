import type { CatalogCounts, Challenge } from '../challenges/catalog.js';

/** Every text the bot sends lives here, so tone and wording stay consistent. */

export function challengeReply(challenge: Challenge, remaining: number): string {
  const left =
    remaining === 0
      ? "That was today's last challenge."
      : `${remaining} more challenge${remaining === 1 ? '' : 's'} available today.`;
  return `*${challenge.title}* [${challenge.code}]\n\n${challenge.text.trim()}\n\n_${left}_`;
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
    '*help*: this menu',
  ].join('\n');
}

export function notUnderstoodReply(text: string): string {
  const shown = text.trim().slice(0, 40);
  const quoted = shown.length > 0 ? `"${shown}${text.trim().length > 40 ? '…' : ''}"` : 'an empty message';
  return `Sorry, I didn't understand ${quoted}. Send a topic and a difficulty, e.g. *python easy* or *sql hard*, or *help* for the menu.`;
}

export function emptyCellReply(topic: string, difficulty: string): string {
  return `There are no ${topic} ${difficulty} challenges yet. Send *help* to see what is available.`;
}

export function undeliveredReply(): string {
  return "Sorry, we couldn't deliver your last challenge. It has not been counted against your daily limit: please ask again.";
}
