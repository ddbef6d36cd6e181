import { expectedNumber, readNumbers } from './answers/read-numbers.js';
import type { Library, LibraryProblem, LocatedChallenge } from './library.js';
import { challengeReply } from './replies.js';

/** A challenge and its header must fit one WhatsApp message comfortably. */
export const MAX_CHALLENGE_MESSAGE = 1000;
/** Share of shared word triples above which two texts are the same challenge reworded. */
const NEAR_DUPLICATE = 0.6;

/** Every problem in a loaded library: the loader's own, and those only the whole library shows. */
export function checkLibrary(library: Library): LibraryProblem[] {
  return [
    ...library.problems,
    ...duplicateCodes(library.challenges),
    ...nearDuplicates(library.challenges),
    ...tooLong(library.challenges),
    ...answersGivenAway(library.challenges),
  ].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/**
 * A numeric answer (one value, two significant digits or more) written in its own text: the
 * learner would only have to copy it.
 */
function answersGivenAway(challenges: readonly LocatedChallenge[]): LibraryProblem[] {
  return challenges.flatMap((challenge) => {
    const [value, ...more] = challenge.answer?.values ?? [];
    const target = value === undefined || more.length > 0 ? undefined : expectedNumber(value);
    if (!target || value === undefined || value.replace(/[^\d]/g, '').replace(/^0+/, '').length < 2) return [];
    const stated = readNumbers(challenge.text).some(
      (n) => !n.percent && n.value === target.value && n.decimals === target.decimals,
    );
    return stated ? [at(challenge, `answer: ${value} is already written in the text`)] : [];
  });
}

function at(challenge: LocatedChallenge, message: string): LibraryProblem {
  return { file: challenge.file, line: challenge.line, message };
}

function duplicateCodes(challenges: readonly LocatedChallenge[]): LibraryProblem[] {
  const first = new Map<string, LocatedChallenge>();
  const problems: LibraryProblem[] = [];
  for (const challenge of challenges) {
    const earlier = first.get(challenge.code);
    if (earlier)
      problems.push(at(challenge, `duplicate code ${challenge.code} (first at ${earlier.file}:${earlier.line})`));
    else first.set(challenge.code, challenge);
  }
  return problems;
}

function nearDuplicates(challenges: readonly LocatedChallenge[]): LibraryProblem[] {
  const shingled = challenges.map((challenge) => ({ challenge, shingles: shingles(challenge.text) }));
  const problems: LibraryProblem[] = [];
  shingled.forEach((a, i) => {
    for (const b of shingled.slice(i + 1)) {
      if (a.challenge.code === b.challenge.code) continue;
      const similarity = jaccard(a.shingles, b.shingles);
      if (similarity >= NEAR_DUPLICATE) {
        const percent = Math.round(similarity * 100);
        problems.push(
          at(b.challenge, `text is ${percent}% like ${a.challenge.code} (${a.challenge.file}:${a.challenge.line})`),
        );
      }
    }
  });
  return problems;
}

function tooLong(challenges: readonly LocatedChallenge[]): LibraryProblem[] {
  return challenges.flatMap((challenge) => {
    const length = challengeReply(challenge, 4).length;
    return length < MAX_CHALLENGE_MESSAGE
      ? []
      : [
          at(
            challenge,
            `too long for one WhatsApp message: ${length} characters with its header (limit ${MAX_CHALLENGE_MESSAGE - 1})`,
          ),
        ];
  });
}

function shingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const set = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return set;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
