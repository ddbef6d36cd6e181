import { keywordOf, START_KEYWORDS, STOP_KEYWORDS } from '../../consent/consent.js';
import { readDailyTime } from '../../daily/daily.js';
import { ERASE_PHRASES, MY_DATA_PHRASES } from '../../privacy/privacy.js';
import { CHALLENGE_CODE, type Difficulty, type Topic } from '../catalog.js';
import type { Command } from './command.js';
import { closest, typoAllowance } from './fuzzy.js';
import {
  ANSWER_WORDS,
  ASK_WORDS,
  DIFFICULTY_WORDS,
  EVERYDAY_PHRASES,
  FILLER,
  HELP_WORDS,
  HINT_WORDS,
  OPEN_WORDS,
  PROGRESS_WORDS,
  RANDOM_WORDS,
  REVIEW_WORDS,
  SOLUTION_WORDS,
  TOPIC_WORDS,
  TOPICS_WORDS,
} from './vocabulary.js';

const topicByWord = invert(TOPIC_WORDS);
const difficultyByWord = invert(DIFFICULTY_WORDS);
const keywordSets = {
  help: new Set(HELP_WORDS),
  topics: new Set(TOPICS_WORDS),
  random: new Set(RANDOM_WORDS),
  hint: new Set(HINT_WORDS),
  solution: new Set(SOLUTION_WORDS),
  open: new Set(OPEN_WORDS),
  ask: new Set(ASK_WORDS),
};

/** The ask keyword and what separates it from the question, e.g. "Ask: " or "mentor - ". */
const ASK_PREFIX = new RegExp(`^[^\\p{L}]*(?:${ASK_WORDS.join('|')})\\b[\\s:,.!?-]*`, 'iu');
const SEPARATE_PREFIX = /^new\b[\s:,.!?-]*/i;

/** Multi-word names become one token before splitting, so "linear algebra" reads as one topic. */
const PHRASES: ReadonlyArray<[RegExp, string]> = Object.values(TOPIC_WORDS)
  .flat()
  .filter((word) => word.includes(' '))
  .map((phrase) => [new RegExp(`\\b${phrase.replace(' ', '\\s+')}\\b`, 'g'), phrase.replace(' ', '-')]);

/** Lower case, accents and emoji dropped, punctuation turned into spaces; hyphens kept for codes. */
export function tokenize(text: string): string[] {
  let normalised = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  for (const [pattern, joined] of PHRASES) normalised = normalised.replace(pattern, joined);
  return normalised
    .replace(/[^\p{L}\p{N}?-]+/gu, ' ')
    .split(' ')
    .flatMap(splitToken)
    .filter((token) => token.length > 0);
}

/** "python-easy" is two words; "python-easy-007" (a code) and "linear-algebra" stay one. */
function splitToken(raw: string): string[] {
  const token = raw === '?' ? raw : raw.replace(/\?/g, '').replace(/^-+|-+$/g, '');
  if (!token.includes('-') || CHALLENGE_CODE.test(token) || topicByWord.has(token)) return [token];
  return token.split('-');
}

const TIMEZONE = /^\s*(?:time\s*zone|tz)\s*[:=]?\s*(\S+)\s*$/i;
// "answer: 0.775", "answer - 0.775"; but the minus of "answer -1" belongs to the number.
const ANSWER_PREFIX = new RegExp(`^\\s*(?:${ANSWER_WORDS.join('|')})\\b\\s*(?:[:=]|-(?![\\d.]))?\\s*`, 'i');

/** Reads what a learner meant, the way people type on a phone: any order, filler, typos. */
export function parseCommand(text: string): Command {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'unknown', text };
  const [first = ''] = tokens;
  const keyword = keywordOf(text);
  if ((STOP_KEYWORDS as readonly string[]).includes(keyword)) return { kind: 'stop', keyword, silent: false };
  if ((START_KEYWORDS as readonly string[]).includes(keyword)) return { kind: 'start', keyword, silent: false };
  const whole = tokens.join(' ');
  if (MY_DATA_PHRASES.includes(whole)) return { kind: 'mydata' };
  if (ERASE_PHRASES.includes(whole)) return { kind: 'erase', step: 'ask' };
  if (keyword === 'delete') return { kind: 'erase', step: 'confirm' };
  const everyday = EVERYDAY_PHRASES[whole];
  if (everyday) return { kind: 'smalltalk', meaning: everyday };
  if (PROGRESS_WORDS.includes(whole)) return { kind: 'progress' };
  if (REVIEW_WORDS.includes(whole)) return { kind: 'review' };
  const daily = /^\s*daily\b\s*(.*?)\s*$/i.exec(text)?.[1];
  if (daily !== undefined) return parseDaily(daily);
  if (keyword === 'go') return { kind: 'go' };
  const join = /^\s*join\s+([a-z0-9-]{4,16})\s*$/i.exec(text)?.[1];
  if (join) return { kind: 'join', code: join.toUpperCase() };
  const zone = TIMEZONE.exec(text)?.[1];
  if (zone) return { kind: 'timezone', zone };
  const answer = parseAnswer(text, tokens);
  if (answer) return answer;
  if (keywordSets.hint.has(first) || keywordSets.solution.has(first)) {
    const code = tokens.find((token) => CHALLENGE_CODE.test(token));
    if (code || tokens.length === 1)
      return { kind: keywordSets.hint.has(first) ? 'hint' : 'solution', code: code ?? '' };
  }
  for (const kind of ['help', 'topics', 'random', 'open'] as const) {
    if (onlyKeywords(tokens, keywordSets[kind])) return { kind };
  }
  const request = parseChallengeRequest(tokens, text);
  if (keywordSets.ask.has(first) && (first !== 'question' || request.kind === 'unknown')) return parseAsk(text);
  return request;
}

/** `daily`, `daily on`, `daily off`, `daily 07:30`. */
function parseDaily(rest: string): Command {
  const word = rest.toLowerCase();
  if (word === '') return { kind: 'daily', action: 'show' };
  if (word === 'on' || word === 'yes' || word === 'start') return { kind: 'daily', action: 'on' };
  if (word === 'off' || word === 'no' || word === 'stop') return { kind: 'daily', action: 'off' };
  return { kind: 'daily', action: 'at', time: readDailyTime(rest.replace(/^at\s+/i, '')) };
}

/**
 * `answer 0.775`, `ans python-easy-003 42`, `a 31/40`. A bare `a` is also an article ("a python
 * challenge"): it starts an answer only when the rest is not a command of its own.
 */
function parseAnswer(text: string, tokens: readonly string[]): Command | undefined {
  const [first = '', second] = tokens;
  if (!ANSWER_WORDS.includes(first) || second === undefined) return undefined;
  const prefix = ANSWER_PREFIX.exec(text)?.[0];
  // The word must open the message as typed (not only after emoji or accents are dropped).
  if (!prefix) return undefined;
  const rest = text.slice(prefix.length).trim();
  if (first === 'a' && ['challenge', 'random', 'help', 'topics'].includes(parseCommand(rest).kind)) return undefined;
  const code = CHALLENGE_CODE.test(second) ? second : null;
  const answerText = code ? rest.replace(new RegExp(`^${code}\\b[\\s:,]*(?:-(?![\\d.]))?`, 'i'), '').trim() : rest;
  return { kind: 'answer', text: answerText, code, via: 'typed' };
}

/** "ask how do I pivot?" → the question as typed; "ask new …" asks for a ticket of its own. */
function parseAsk(text: string): Command {
  const rest = text.trim().replace(ASK_PREFIX, '');
  const question = rest.replace(SEPARATE_PREFIX, '').trim();
  return { kind: 'ask', question, separate: question !== rest.trim() };
}

function onlyKeywords(tokens: readonly string[], keywords: ReadonlySet<string>): boolean {
  return (
    tokens.some((token) => keywords.has(token)) && tokens.every((token) => keywords.has(token) || FILLER.has(token))
  );
}

interface Reading {
  topics: Set<Topic>;
  difficulties: Set<Difficulty>;
  /** A word was only close to a topic or difficulty: ask rather than guess. */
  nearMiss: boolean;
}

function parseChallengeRequest(tokens: readonly string[], text: string): Command {
  const reading: Reading = { topics: new Set(), difficulties: new Set(), nearMiss: false };
  for (const token of tokens) {
    if (!readToken(token, reading)) return { kind: 'unknown', text };
  }
  const [topic] = reading.topics;
  const [difficulty = null] = reading.difficulties;
  if (!topic || reading.topics.size > 1 || reading.difficulties.size > 1) return { kind: 'unknown', text };
  if (reading.nearMiss) return { kind: 'suggest', suggestion: difficulty ? `${topic} ${difficulty}` : topic, text };
  return { kind: 'challenge', topic, difficulty };
}

/** Files one word under a topic, a difficulty or filler; false when it is none of them. */
function readToken(token: string, reading: Reading): boolean {
  const exactTopic = topicByWord.get(token);
  const exactDifficulty = difficultyByWord.get(token);
  if (exactTopic) reading.topics.add(exactTopic);
  else if (exactDifficulty) reading.difficulties.add(exactDifficulty);
  else if (FILLER.has(token) || keywordSets.random.has(token)) return true;
  else {
    const allowance = typoAllowance(token.length);
    const topic = closest(token, topicByWord, allowance + 1);
    const difficulty = closest(token, difficultyByWord, allowance + 1);
    const match = [topic, difficulty]
      .filter((candidate) => candidate !== undefined)
      .sort((a, b) => a.distance - b.distance)[0];
    if (!match) return false;
    if (match === topic) reading.topics.add(match.value as Topic);
    else reading.difficulties.add(match.value as Difficulty);
    if (match.distance > allowance) reading.nearMiss = true;
  }
  return true;
}

function invert<K extends string>(words: Record<K, readonly string[]>): Map<string, K> {
  const byWord = new Map<string, K>();
  for (const [key, list] of Object.entries(words) as Array<[K, readonly string[]]>) {
    for (const word of list) byWord.set(word.replace(' ', '-'), key);
  }
  return byWord;
}
