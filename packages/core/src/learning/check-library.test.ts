import { describe, expect, it } from 'vitest';
import { checkLibrary } from './check-library.js';
import { type Library, parseLibraryFile } from './library.js';

const TEXT_A =
  'Write a function that returns the sum of the squares of the first n natural numbers, then call it with 10.';
const TEXT_B = 'Given a list of words, count how often each word appears and report the rarest one in the list.';

function library(...files: Array<[string, string]>): Library {
  const parsed = files.map(([file, source]) => parseLibraryFile(file, source));
  return { challenges: parsed.flatMap((p) => p.challenges), problems: parsed.flatMap((p) => p.problems) };
}

const cell = (challenges: string) => `topic: python\ndifficulty: easy\nchallenges:\n${challenges}`;
const item = (code: string, text: string, title = 'A title') =>
  `  - code: ${code}\n    title: ${title}\n    text: ${text}\n    answer: "42"\n`;

describe('checkLibrary', () => {
  it('accepts a clean library', () => {
    expect(
      checkLibrary(
        library(['python/easy.yaml', cell(item('python-easy-001', TEXT_A) + item('python-easy-002', TEXT_B))]),
      ),
    ).toEqual([]);
  });

  it('points at the line of a challenge with a missing field', () => {
    const source = cell(
      `${item('python-easy-001', TEXT_A)}  - code: python-easy-002\n    text: ${TEXT_B}\n    answer: "7"\n`,
    );
    expect(checkLibrary(library(['python/easy.yaml', source]))).toEqual([
      { file: 'python/easy.yaml', line: 8, message: expect.stringMatching(/^title: /) },
    ]);
  });

  it('refuses an unknown topic or difficulty', () => {
    const problems = checkLibrary(
      library(['x.yaml', `topic: astrology\ndifficulty: extreme\nchallenges:\n${item('astrology-easy-001', TEXT_A)}`]),
    );
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^topic: /),
      expect.stringMatching(/^difficulty: /),
    ]);
  });

  it('finds a duplicate code across files', () => {
    const problems = checkLibrary(
      library(['a.yaml', cell(item('python-easy-001', TEXT_A))], ['b.yaml', cell(item('python-easy-001', TEXT_B))]),
    );
    expect(problems).toEqual([
      { file: 'b.yaml', line: 4, message: 'duplicate code python-easy-001 (first at a.yaml:4)' },
    ]);
  });

  it('finds a near-duplicate text', () => {
    const reworded = TEXT_A.replace('Write a function', 'Please write a function');
    const problems = checkLibrary(
      library(['a.yaml', cell(item('python-easy-001', TEXT_A) + item('python-easy-002', reworded))]),
    );
    expect(problems).toEqual([
      { file: 'a.yaml', line: 8, message: expect.stringMatching(/% like python-easy-001 \(a.yaml:4\)$/) },
    ]);
  });

  it('finds a challenge too long for one WhatsApp message', () => {
    const problems = checkLibrary(library(['a.yaml', cell(item('python-easy-001', 'word '.repeat(220)))]));
    expect(problems).toEqual([
      { file: 'a.yaml', line: 4, message: expect.stringMatching(/^too long for one WhatsApp message/) },
    ]);
  });

  it('reports a malformed file with its line', () => {
    const problems = checkLibrary(
      library(['a.yaml', 'topic: python\ndifficulty: easy\nchallenges:\n  - code: [unclosed\n']),
    );
    expect(problems[0]).toMatchObject({ file: 'a.yaml', line: expect.any(Number) });
    expect(problems.length).toBeGreaterThan(0);
  });

  it('refuses a code that does not match its file', () => {
    const problems = checkLibrary(library(['a.yaml', cell(item('sql-easy-001', TEXT_A))]));
    expect(problems).toEqual([{ file: 'a.yaml', line: 4, message: 'code sql-easy-001 does not match python easy' }]);
  });

  it('refuses a numeric answer already written in its text', () => {
    const given = `  - code: python-easy-003\n    title: Given away\n    text: The mean of these scores is 72.5, what is it? ${TEXT_A}\n    answer: "72.5"\n`;
    const problems = checkLibrary(library(['python/easy.yaml', cell(given)]));
    expect(problems.map((p) => p.message)).toEqual(['answer: 72.5 is already written in the text']);
  });
});
