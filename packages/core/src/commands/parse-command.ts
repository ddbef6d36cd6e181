import type { Difficulty, Topic } from '../challenges/catalog.js';
import type { Command } from './command.js';
import { DIFFICULTY_WORDS, HELP_WORDS, TOPIC_WORDS } from './vocabulary.js';

/** Words that carry no meaning in a request such as "give me a hard sql challenge please". */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'me',
  'i',
  'want',
  'would',
  'like',
  'give',
  'send',
  'get',
  'can',
  'you',
  'some',
  'one',
  'another',
  'please',
  'pls',
  'plz',
  'challenge',
  'challenges',
  'question',
  'exercise',
  'problem',
  'level',
  'mode',
  'new',
  'next',
  'now',
  'thanks',
  'thank',
  'ok',
  'okay',
]);

const topicByWord = invert(TOPIC_WORDS);
const difficultyByWord = invert(DIFFICULTY_WORDS);
const helpWords = new Set(HELP_WORDS);

/** Multi-word names become one token before splitting, so "linear algebra" reads as one topic. */
const PHRASES: ReadonlyArray<[RegExp, string]> = Object.values(TOPIC_WORDS)
  .flat()
  .filter((word) => word.includes(' '))
  .map((phrase) => [new RegExp(`\\b${phrase.replace(' ', '\\s+')}\\b`, 'g'), phrase.replace(' ', '-')]);

export function tokenize(text: string): string[] {
  let normalised = text.normalize('NFKC').toLowerCase();
  for (const [pattern, joined] of PHRASES) normalised = normalised.replace(pattern, joined);
  return normalised
    .replace(/[^\p{L}\p{N}?-]+/gu, ' ')
    .split(' ')
    .map((token) => token.replace(/^-+|-+$/g, ''))
    .filter((token) => token.length > 0);
}

export function parseCommand(text: string): Command {
  const tokens = tokenize(text);
  const [first] = tokens;
  if (first !== undefined && helpWords.has(first) && tokens.every((t) => helpWords.has(t) || FILLER.has(t))) {
    return { kind: 'help' };
  }
  return parseChallengeRequest(tokens) ?? { kind: 'unknown', text };
}

function parseChallengeRequest(tokens: readonly string[]): Command | undefined {
  const topics = new Set<Topic>();
  const difficulties = new Set<Difficulty>();
  for (const token of tokens) {
    const topic = topicByWord.get(token);
    const difficulty = difficultyByWord.get(token);
    if (topic) topics.add(topic);
    else if (difficulty) difficulties.add(difficulty);
    else if (!FILLER.has(token)) return undefined;
  }
  const [topic] = topics;
  const [difficulty] = difficulties;
  if (topics.size !== 1 || difficulties.size !== 1 || !topic || !difficulty) return undefined;
  return { kind: 'challenge', topic, difficulty };
}

function invert<K extends string>(words: Record<K, readonly string[]>): Map<string, K> {
  const byWord = new Map<string, K>();
  for (const [key, list] of Object.entries(words) as Array<[K, readonly string[]]>) {
    for (const word of list) byWord.set(word.replace(' ', '-'), key);
  }
  return byWord;
}
