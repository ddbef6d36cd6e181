/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring letters each cost one, so "pyhton" is one edit from "python".
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Typos forgiven for a word of this length: none below four letters, where words collide. */
export function typoAllowance(length: number): number {
  if (length < 4) return 0;
  return length < 6 ? 1 : 2;
}

export interface FuzzyMatch<T> {
  value: T;
  word: string;
  distance: number;
}

/** The closest word within `maxDistance`, or undefined when none is, or two different values tie. */
export function closest<T>(
  token: string,
  words: ReadonlyMap<string, T>,
  maxDistance: number,
): FuzzyMatch<T> | undefined {
  let best: FuzzyMatch<T> | undefined;
  let tied = false;
  for (const [word, value] of words) {
    if (word.length < 4) continue;
    const distance = editDistance(token, word);
    if (distance > maxDistance) continue;
    if (!best || distance < best.distance) {
      best = { value, word, distance };
      tied = false;
    } else if (distance === best.distance && value !== best.value) {
      tied = true;
    }
  }
  return tied ? undefined : best;
}
