import { describe, expect, it } from 'vitest';
import { type ChallengeAnswer, challengeAnswerSchema, shortAnswer } from './challenge-answer.js';
import { checkAnswer, looksLikeAnswer } from './check-answer.js';

const long = (raw: Record<string, unknown>): ChallengeAnswer => challengeAnswerSchema.parse(raw);

const R = 'right';
const W = 'wrong';
const U = 'unreadable';

const correlation = shortAnswer('0.775');
const probability = long({ value: '0.25', percent: true });
const count = shortAnswer('42');
const pair = long({ values: ['5', '7'] });
const set = long({ values: ['2', '3'], unordered: true });
const xy = long({ values: ['2', '1'] });
const word = long({ value: 'median', accept: ['middle value'] });
const phrase = shortAnswer('left join');
const accented = shortAnswer('Bogotá');
const choice = long({ value: 'b', choices: { a: 'the mean', b: 'the median', c: 'the mode' } });
const mixed = long({ values: ['Kenya', '3'] });
const negative = shortAnswer('-2.5');
const large = shortAnswer('12345');
const tiny = shortAnswer('0.0012');
const sd = long({
  value: '1.58',
  mistakes: [{ value: '1.41', hint: 'That is the population standard deviation; the sample one divides by n − 1.' }],
});
const percentInText = shortAnswer('77.5');

/** At least 80 forms a learner types, each against the verdict a good maths teacher would give. */
const FORMS: Array<[string, ChallengeAnswer, string, string]> = [
  ['exact', correlation, '0.775', R],
  ['more digits that round to it', correlation, '0.7746', R],
  ['decimal comma', correlation, '0,775', R],
  ['leading =', correlation, '= 0.775', R],
  ['x =', correlation, 'x = 0.775', R],
  ['r =', correlation, 'r=0.775', R],
  ['filler and units', correlation, "I think it's 0.775 seconds", R],
  ['answer prefix', correlation, 'answer: 0.775', R],
  ['fraction', correlation, '31/40', R],
  ['fraction with spaces', correlation, '31 / 40', R],
  ['rounded to 2 significant', correlation, '0.77', W],
  ['rounded to 2 decimals correctly', correlation, '0.78', R],
  ['rounded to 1 significant', correlation, '0.8', W],
  ['without leading zero', correlation, '.775', R],
  ['scientific notation', correlation, '7.75e-1', R],
  ['times ten', correlation, '7.75 × 10^-1', R],
  ['percentage when not a proportion', correlation, '77.5%', W],
  ['wrong value', correlation, '0.693', W],
  ['negative of it', correlation, '-0.775', W],
  ['a word to a number', correlation, 'banana', U],
  ['two numbers to one', correlation, '0.7 or 0.8', U],
  ['empty', correlation, '   ', U],
  ['thanks', correlation, 'thanks', U],
  ['ok', correlation, 'ok', U],
  ['probability as proportion', probability, '0.25', R],
  ['probability as percentage', probability, '25%', R],
  ['probability as percentage with space', probability, '25 %', R],
  ['probability as percentage without sign', probability, '25', R],
  ['probability as fraction', probability, '1/4', R],
  ['probability decimal comma', probability, '0,25', R],
  ['probability wrong', probability, '0.5', W],
  ['probability wrong percentage', probability, '50%', W],
  ['probability rounded 0.3', probability, '0.3', W],
  ['integer exact', count, '42', R],
  ['integer with words', count, '42 rows', R],
  ['integer with decimals', count, '42.0', R],
  ['integer written with a thousands separator elsewhere', large, '12,345', R],
  ['integer with space separator', large, '12 345', R],
  ['integer plain', large, '12345', R],
  ['integer wrong', count, '41', W],
  ['integer not rounded', count, '42.3', W],
  ['integer as word', count, 'forty two', U],
  ['pair in order', pair, '5, 7', R],
  ['pair with and', pair, '5 and 7', R],
  ['pair in parentheses', pair, '(5, 7)', R],
  ['pair in brackets', pair, '[5,7]', R],
  ['pair no space comma', pair, '5,7', R],
  ['pair with spaces', pair, '5 7', R],
  ['pair reversed', pair, '7, 5', W],
  ['pair one missing', pair, '5', U],
  ['pair three given', pair, '5, 7, 9', U],
  ['set any order', set, '3, 2', R],
  ['set in order', set, '2 and 3', R],
  ['set wrong', set, '2, 4', W],
  ['named values', xy, 'x=2, y=1', R],
  ['named values spaced', xy, 'x = 2 and y = 1', R],
  ['named values swapped', xy, 'x=1, y=2', W],
  ['word exact', word, 'median', R],
  ['word capitalised', word, 'Median', R],
  ['word with article', word, 'the median', R],
  ['word with punctuation', word, 'median!', R],
  ['word alternative', word, 'the middle value', R],
  ['word with filler', word, "I think it's the median", R],
  ['word wrong', word, 'mean', W],
  ['word with a number', word, '3', W],
  ['phrase exact', phrase, 'LEFT JOIN', R],
  ['phrase wrong', phrase, 'inner join', W],
  ['accents ignored', accented, 'bogota', R],
  ['accents kept', accented, 'Bogotá', R],
  ['choice letter', choice, 'b', R],
  ['choice letter capital', choice, 'B', R],
  ['choice letter with parenthesis', choice, 'b)', R],
  ['choice option word', choice, 'option b', R],
  ['choice option text', choice, 'the median', R],
  ['choice option text without article', choice, 'Median', R],
  ['choice wrong letter', choice, 'a', W],
  ['choice wrong text', choice, 'the mode', W],
  ['choice not a choice', choice, 'd', U],
  ['choice nonsense', choice, 'banana', U],
  ['mixed in order', mixed, 'Kenya, 3', R],
  ['mixed with and', mixed, 'kenya and 3', R],
  ['mixed wrong number', mixed, 'Kenya, 4', W],
  ['mixed wrong word', mixed, 'Nigeria, 3', W],
  ['mixed one part', mixed, 'Kenya', U],
  ['negative', negative, '-2.5', R],
  ['unicode minus', negative, '−2.5', R],
  ['negative with comma', negative, '-2,5', R],
  ['positive instead', negative, '2.5', W],
  ['tiny exact', tiny, '0.0012', R],
  ['tiny scientific', tiny, '1.2e-3', R],
  ['tiny times ten', tiny, '1.2x10^-3', R],
  ['tiny wrong', tiny, '0.012', W],
  ['percentage stated in the text', percentInText, '77.5%', R],
  ['percentage stated in the text, bare', percentInText, '77.5', R],
  ['known mistake', sd, '1.41', W],
  ['half-way rounding on the written digits', shortAnswer('0.245'), '0.25', R],
  ['half-way rounding, the other way', shortAnswer('0.245'), '0.24', W],
  ['a negative after a comma', long({ values: ['8', '-27'] }), '8,-27', R],
  ['a percentage without its sign, rounded', long({ value: '0.1667', percent: true }), '16.7', R],
  ['a whole percentage without its sign, rounded', long({ value: '0.1667', percent: true }), '17', R],
  ['right beside a known mistake', sd, '1.58', R],
];

describe('checkAnswer: answer forms against verdicts', () => {
  it(`covers at least 80 forms (has ${FORMS.length})`, () => {
    expect(FORMS.length).toBeGreaterThanOrEqual(80);
  });

  it.each(FORMS.map(([label, answer, text, verdict]) => [label, text, verdict, answer] as const))(
    '%s: %j → %s',
    (_, text, verdict, answer) => {
      expect(checkAnswer(answer, text).verdict.verdict).toBe(verdict);
    },
  );

  it('accepts a learner who rounded to fewer digits and tells them the precise value', () => {
    expect(checkAnswer(correlation, '0.78').verdict).toEqual({ verdict: 'right', precise: '0.775' });
    expect(checkAnswer(correlation, '0.775').verdict).toEqual({ verdict: 'right' });
  });

  it("gives the author's hint for a recorded mistake, and nothing for another wrong answer", () => {
    expect(checkAnswer(sd, '1.41').verdict).toEqual({
      verdict: 'wrong',
      hint: 'That is the population standard deviation; the sample one divides by n − 1.',
    });
    expect(checkAnswer(sd, '2').verdict).toEqual({ verdict: 'wrong' });
  });

  it('says what form it expected, with an example that is not the answer', () => {
    const verdict = checkAnswer(correlation, 'banana').verdict;
    expect(verdict).toMatchObject({ verdict: 'unreadable', expected: 'a number' });
    expect(verdict.verdict === 'unreadable' && verdict.example).not.toBe('0.775');
    expect(checkAnswer(pair, '5').verdict).toMatchObject({ expected: '2 numbers' });
    expect(checkAnswer(choice, 'd').verdict).toMatchObject({ expected: 'the letter of your choice' });
  });
});

describe('looksLikeAnswer: bare messages', () => {
  it.each<[string, ChallengeAnswer, string, boolean]>([
    ['a number', correlation, '0.775', true],
    ['a fraction', correlation, '31/40', true],
    ['a percentage', probability, '25%', true],
    ['a list of numbers', pair, '5, 7', true],
    ['named values', xy, 'x=2, y=1', true],
    ['a sentence with a number', correlation, 'I got 0.775 but I am not sure why', false],
    ['a question', correlation, 'is it 0.775?', false],
    ['a letter for a choice', choice, 'b', true],
    ['an option', choice, 'the median', true],
    ['a short phrase for a word answer', word, 'the median', true],
    ['a long sentence for a word answer', word, 'I was wondering whether you could explain this to me', false],
    ['thanks', word, 'thanks', false],
    ['ok', correlation, 'ok', false],
    ['hi', word, 'hi', false],
    ['what is this', word, 'what is this', false],
    ['a word to a numeric answer', correlation, 'banana', false],
  ])('%s → %s', (_, answer, text, expected) => {
    expect(looksLikeAnswer(answer, text)).toBe(expected);
  });
});

describe('the library answer format', () => {
  it('reads the short form and the long form, and refuses a choice that is not one of its letters', () => {
    expect(challengeAnswerSchema.parse('0.775')).toEqual(shortAnswer('0.775'));
    expect(challengeAnswerSchema.parse(42)).toEqual(shortAnswer('42'));
    expect(long({ values: [5, 7], unordered: true })).toMatchObject({ values: ['5', '7'], unordered: true });
    expect(challengeAnswerSchema.safeParse({ value: 'd', choices: { a: 'x', b: 'y' } }).success).toBe(false);
    expect(challengeAnswerSchema.safeParse({ value: '1', values: ['1'] }).success).toBe(false);
    expect(challengeAnswerSchema.safeParse(undefined).success).toBe(false);
  });
});
