import type { ChallengeAnswer } from '@datadrill/core';

/** Comparing a challenge's written `answer` with a recomputed result. */

/** Every number written in a text, e.g. "z -2.5, reject" → [-2.5]. */
export function numbersIn(text: string): Array<{ value: number; tolerance: number }> {
  return [...text.replace(/−/g, '-').matchAll(/-?\d+(?:\.(\d+))?(?:e-?\d+)?/gi)].map((match) => ({
    value: Number(match[0]),
    // "0.775" is right if the true value rounds to it: half a unit of the last digit, plus float noise.
    tolerance: 0.5 * 10 ** -(match[1]?.length ?? 0) + 1e-9,
  }));
}

export function flatNumbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (typeof value === 'boolean') return [];
  if (Array.isArray(value)) return value.flatMap(flatNumbers);
  return [];
}

/** Whether each number of the answer matches the computed numbers, in order. */
export function matchesNumbers(answer: string, computed: readonly number[]): boolean {
  const expected = numbersIn(answer);
  if (expected.length !== computed.length) return false;
  return expected.every((e, i) => Math.abs((computed[i] ?? Number.NaN) - e.value) <= e.tolerance);
}

/** Lower-case words and numbers: "Kenya 3; Nigeria 2" → ["kenya", "3", "nigeria", "2"]. */
export function wordsIn(text: string): string[] {
  return (
    text
      .toLowerCase()
      .match(/-?[\p{L}\p{N}.]+/gu)
      ?.map((word) => word.replace(/\.$/, '')) ?? []
  );
}

/** Whether the answer's words all appear in the output, in the same order. */
export function appearsInOrder(answer: string, output: string): boolean {
  const haystack = wordsIn(output).map(normaliseNumber);
  let from = 0;
  for (const word of wordsIn(answer).map(normaliseNumber)) {
    const at = haystack.indexOf(word, from);
    if (at < 0) return false;
    from = at + 1;
  }
  return true;
}

function normaliseNumber(word: string): string {
  const n = Number(word);
  return Number.isFinite(n) && word.trim() !== '' ? String(Number(n.toFixed(6))) : word;
}

/**
 * The ways an answer may be found in a recomputed result: its values in order; for multiple
 * choice, the right option's text (a solution prints the value, not the letter) or the letter.
 */
export function writtenForms(answer: ChallengeAnswer): string[] {
  const [letter = ''] = answer.values;
  const option = answer.choices?.[letter];
  return option === undefined ? [answer.values.join(' ')] : [option, letter];
}
