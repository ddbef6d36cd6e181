import type { ChallengeAnswer } from './challenge-answer.js';
import { expectedNumber, readNumbers, type WrittenNumber } from './read-numbers.js';

/** What the bot makes of a learner's answer. Only `right` and `wrong` cost an attempt. */
export type Verdict =
  | { verdict: 'right' /** The exact value, when the learner rounded to fewer digits. */; precise?: string }
  | { verdict: 'wrong' /** The hint the author wrote for this mistake. */; hint?: string }
  | { verdict: 'unreadable' /** "a number", "2 numbers", … */; expected: string; example: string };

/** What a learner's text was read as, for the log. */
export interface CheckedAnswer {
  verdict: Verdict;
  parsed: string | null;
}

type Shape = 'number' | 'word' | 'choice';

/** Messages that are never an answer, however short: typed alone they keep their everyday meaning. */
export const NOT_ANSWERS = new Set([
  'ok',
  'okay',
  'k',
  'kk',
  'thanks',
  'thank you',
  'thanks a lot',
  'thx',
  'ty',
  'cheers',
  'hi',
  'hello',
  'hey',
  'hiya',
  'yo',
  'good morning',
  'good afternoon',
  'good evening',
  'good night',
  'bye',
  'goodbye',
  'yes',
  'no',
  'yeah',
  'nope',
  'sure',
  'cool',
  'great',
  'nice',
  'lol',
  'haha',
  'what is this',
  'whats this',
  'who are you',
  'what',
  'why',
  'how',
  'help me',
  'i dont know',
  'idk',
  'no idea',
  'not sure',
  'wait',
  'hmm',
  'um',
  'what can you do',
]);

/** Case, accents, punctuation and a leading article do not matter: "The Médian!" → "median". */
export function normaliseWords(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}.\s-]/gu, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(ARTICLE, '');
}

const ARTICLE = /^(?:the|a|an) /;

/** What a learner said, without the words around it that say nothing. */
function said(text: string): string {
  return normaliseWords(text).replace(FILLER, '').trim().replace(ARTICLE, '');
}

/** "I think it's …", "answer: …", "= …": words around an answer that say nothing. */
const FILLER =
  /^(?:(?:i think|i guess|i believe|maybe|probably|perhaps|its|it is|it s|the answer is|answer is|answer|my answer is|is|=)\s*)+/;

function shapeOf(value: string, answer: ChallengeAnswer): Shape {
  if (answer.choices) return 'choice';
  return expectedNumber(value) ? 'number' : 'word';
}

/** Checks `text` against the challenge's answer, as a good maths teacher would accept it. */
export function checkAnswer(answer: ChallengeAnswer, text: string): CheckedAnswer {
  const shapes = answer.values.map((value) => shapeOf(value, answer));
  const cleaned = said(text);
  if (NOT_ANSWERS.has(cleaned) || NOT_ANSWERS.has(normaliseWords(text)) || cleaned === '') {
    return unreadable(answer, shapes);
  }
  if (shapes[0] === 'choice') return checkChoice(answer, cleaned);
  // A wrong answer the author foresaw is read as such, whatever its form (e.g. one value too many).
  const foreseen = answer.mistakes.find((mistake) => sameAnswer(mistake.value, text));
  if (foreseen) return { verdict: { verdict: 'wrong', hint: foreseen.hint }, parsed: cleaned };
  if (shapes.every((shape) => shape === 'number')) return checkNumbers(answer, text);
  return checkMixed(answer, shapes, text);
}

/** Two answers written alike: the same numbers in the same order, or the same words. */
function sameAnswer(written: string, text: string): boolean {
  const a = readNumbers(written);
  const b = readNumbers(text);
  if (a.length > 0 && a.length === b.length) {
    const wordsOf = (t: string) =>
      said(t)
        .replace(/[-\d.,%/]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return (
      a.every((n, i) => Math.abs(n.value - (b[i]?.value ?? Number.NaN)) < 1e-9) && wordsOf(written) === wordsOf(text)
    );
  }
  return said(written).replace(/,/g, ' ').replace(/\s+/g, ' ') === said(text).replace(/,/g, ' ').replace(/\s+/g, ' ');
}

function checkChoice(answer: ChallengeAnswer, cleaned: string): CheckedAnswer {
  const choices = answer.choices ?? {};
  const letter = /^(?:option |choice )?\(?([a-z])\)?$/.exec(cleaned)?.[1];
  const picked =
    letter && letter in choices
      ? letter
      : Object.entries(choices).find(([, option]) => normaliseWords(option) === cleaned)?.[0];
  if (!picked) return unreadable(answer, ['choice']);
  return { verdict: picked === answer.values[0] ? { verdict: 'right' } : wrong(answer, picked), parsed: picked };
}

function checkNumbers(answer: ChallengeAnswer, text: string): CheckedAnswer {
  const count = answer.values.length;
  let numbers = readNumbers(text);
  // "1,2" to a question asking for two values is a list, not a decimal comma.
  if (count > 1 && numbers.length < count) numbers = readNumbers(text.replace(/,/g, ' , '));
  if (numbers.length !== count)
    return unreadable(
      answer,
      answer.values.map(() => 'number'),
    );
  const parsed = numbers.map((n) => formatNumber(n)).join(', ');
  const order = answer.unordered ? bestOrder(answer, numbers) : numbers;
  let precise: string | undefined;
  for (const [index, expected] of answer.values.entries()) {
    const written = order[index];
    const match = written && matchNumber(expected, written, answer.percent);
    if (!match) return { verdict: wrong(answer, parsed), parsed };
    if (match === 'rounded') precise = answer.values.join(', ');
  }
  return { verdict: precise ? { verdict: 'right', precise } : { verdict: 'right' }, parsed };
}

/** For a set: the learner's numbers arranged to line up with the expected ones where they can. */
function bestOrder(answer: ChallengeAnswer, numbers: readonly WrittenNumber[]): WrittenNumber[] {
  const left = [...numbers];
  return answer.values.map((expected) => {
    const at = left.findIndex((n) => matchNumber(expected, n, answer.percent));
    return (at === -1 ? left.shift() : left.splice(at, 1)[0]) as WrittenNumber;
  });
}

/**
 * `0.775` accepts any value that rounds to 0.775, and a learner who rounded to fewer digits
 * (at least two significant) is right too — and told the precise value.
 */
export function matchNumber(expected: string, written: WrittenNumber, percent: boolean): 'exact' | 'rounded' | false {
  const target = expectedNumber(expected);
  if (!target) return false;
  const candidates = [written.value, ...(written.otherwise === undefined ? [] : [written.otherwise])];
  // Each way to read what was typed, with the decimals it gives: 25 (or 25%) for 0.25 reads as 0.25
  // with two more decimals than were typed.
  const readings = candidates.flatMap((value) => [
    ...(percent && (written.percent || Math.abs(value) > 1)
      ? [{ value: value / 100, decimals: written.decimals + 2 }]
      : []),
    { value, decimals: written.decimals },
  ]);
  // A whole number (a count, a size) is exact; a decimal is right to the precision written.
  const noise = 1e-9 * Math.max(1, Math.abs(target.value));
  const tolerance = target.decimals === 0 ? noise : 0.5 * 10 ** -target.decimals + noise;
  if (readings.some(({ value }) => Math.abs(value - target.value) <= tolerance)) return 'exact';
  if (written.significant < 2) return false;
  return readings.some(({ value, decimals }) => {
    if (decimals >= target.decimals) return false;
    const rounded = roundWritten(expected, decimals);
    return Math.abs(value - rounded) <= 1e-9 * Math.max(1, Math.abs(rounded));
  })
    ? 'rounded'
    : false;
}

/**
 * A written decimal rounded half-up on its digits: "0.245" to 2 decimals is 0.25 (binary floating
 * point would give 0.24, 0.245 being stored as 0.24499…).
 */
export function roundWritten(written: string, decimals: number): number {
  const trimmed = written.trim().replace('−', '-');
  const negative = trimmed.startsWith('-');
  const [whole = '0', fraction = ''] = trimmed.replace(/^[-+]/, '').split('.');
  if (fraction.length <= decimals || /e/i.test(trimmed)) return Number(Number(trimmed).toFixed(decimals));
  const kept = BigInt(`${whole}${fraction.slice(0, decimals)}`) + (Number(fraction[decimals]) >= 5 ? 1n : 0n);
  const value = Number(kept) / 10 ** decimals;
  return negative ? -value : value;
}

/** Word answers (and answers mixing words and numbers): one part per value, split at commas, "and", ";". */
function checkMixed(answer: ChallengeAnswer, shapes: readonly Shape[], text: string): CheckedAnswer {
  const parts = answer.values.length === 1 ? [text] : splitValues(text, answer.values.length);
  if (parts.length !== answer.values.length) return unreadable(answer, shapes);
  const parsed = parts.map(said).join(', ');
  const order = answer.unordered ? arrangeWords(answer, parts) : parts;
  const right = answer.values.every((expected, index) => partMatches(answer, expected, order[index] ?? ''));
  return { verdict: right ? { verdict: 'right' } : wrong(answer, parsed), parsed };
}

/** Values typed as a list: at commas, semicolons or "and"; failing that, at spaces ("Ghana 1"). */
function splitValues(text: string, count: number): string[] {
  const parts = text
    .split(/\s*(?:[,;\n]|\band\b|&)\s*/i)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === count) return parts;
  const words = said(text).split(' ').filter(Boolean);
  return words.length === count ? words : parts;
}

function arrangeWords(answer: ChallengeAnswer, parts: readonly string[]): string[] {
  const left = [...parts];
  return answer.values.map((expected) => {
    const at = left.findIndex((part) => partMatches(answer, expected, part));
    return (at === -1 ? left.shift() : left.splice(at, 1)[0]) ?? '';
  });
}

function partMatches(answer: ChallengeAnswer, expected: string, part: string): boolean {
  if (expectedNumber(expected)) {
    const [number, extra] = readNumbers(part);
    return Boolean(number && !extra && matchNumber(expected, number, answer.percent));
  }
  const given = said(part);
  const forms = answer.values.length === 1 ? [expected, ...answer.accept] : [expected];
  return forms.some((form) => normaliseWords(form) === given);
}

function wrong(answer: ChallengeAnswer, parsed: string): Verdict {
  const mistake = answer.mistakes.find((m) => {
    if (answer.choices) return m.value === parsed;
    const written = readNumbers(parsed);
    const numbers = readNumbers(m.value);
    if (numbers.length > 0 && numbers.length === written.length) {
      return numbers.every((n, i) => {
        const w = written[i];
        return w !== undefined && matchNumber(formatNumber(n), w, answer.percent) === 'exact';
      });
    }
    return normaliseWords(m.value) === normaliseWords(parsed);
  });
  return mistake ? { verdict: 'wrong', hint: mistake.hint } : { verdict: 'wrong' };
}

function unreadable(answer: ChallengeAnswer, shapes: readonly Shape[]): CheckedAnswer {
  return { verdict: { verdict: 'unreadable', ...expectedForm(answer, shapes) }, parsed: null };
}

/** "a number, e.g. 0.125": the shape of the answer, never the answer. */
export function expectedForm(answer: ChallengeAnswer, shapes: readonly Shape[]): { expected: string; example: string } {
  if (shapes[0] === 'choice') {
    const letters = Object.keys(answer.choices ?? {});
    return { expected: 'the letter of your choice', example: letters.slice(0, 2).join(' or ') || 'a' };
  }
  const examples = answer.values.map((value, index) => {
    const target = expectedNumber(value);
    if (!target) return index === 0 ? 'median' : 'mean';
    const sample = [0.125, 3, 7, 12][index % 4] ?? 3;
    return target.decimals === 0 ? String(Math.round(sample * 4) || 3) : sample.toFixed(target.decimals);
  });
  const numeric = shapes.every((shape) => shape === 'number');
  const count = answer.values.length;
  const expected = numeric
    ? count === 1
      ? 'a number'
      : `${count} numbers`
    : count === 1
      ? 'a word or short phrase'
      : `${count} values separated by commas`;
  return { expected, example: examples.join(', ') };
}

function formatNumber(n: WrittenNumber): string {
  const value = Number.isFinite(n.decimals) ? n.value.toFixed(Math.min(n.decimals, 12)) : String(n.value);
  return `${value}${n.percent ? '%' : ''}`;
}

/**
 * Whether a bare message (no `answer` in front) reads as an answer to `answer`: a number, a
 * fraction, a percentage or a list of numbers for a numeric answer; a letter or an option for a
 * multiple choice; for words, a short phrase of that form. Everyday messages never do.
 */
export function looksLikeAnswer(answer: ChallengeAnswer, text: string): boolean {
  const cleaned = normaliseWords(text);
  if (cleaned === '' || NOT_ANSWERS.has(cleaned) || text.trim().endsWith('?')) return false;
  const shapes = answer.values.map((value) => shapeOf(value, answer));
  if (shapes[0] === 'choice') return checkChoice(answer, said(text)).parsed !== null;
  if (shapes.every((shape) => shape === 'number')) {
    if (readNumbers(text).length === 0) return false;
    const rest = text
      .replace(/[-−+]?[\d.,\u202f]+(?:\s*\/\s*\d+)?(?:\s*(?:e|[x×*]\s*10\s*\^)\s*[-−+]?\d+)?\s*%?/giu, ' ')
      .replace(/[\s,;()[\]=]+/g, ' ')
      .trim()
      .toLowerCase();
    return rest
      .split(' ')
      .every((word) => word === '' || ['and', 'x', 'y', 'z', 'a', 'b', 'n', 'p', 'r'].includes(word));
  }
  const words = said(text).split(' ').filter(Boolean);
  const longest = Math.max(...[...answer.values, ...answer.accept].map((v) => normaliseWords(v).split(' ').length));
  return words.length > 0 && words.length <= Math.max(3, longest + 1);
}
