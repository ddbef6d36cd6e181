import { describe, expect, it } from 'vitest';
import type { Command } from './command.js';
import { parseCommand } from './parse-command.js';

const challenge = (topic: string, difficulty: string | null): Command =>
  ({ kind: 'challenge', topic, difficulty }) as Command;

/** Messages as learners really type them on a phone, and what each must be read as. */
const TABLE: Array<[string, Command | 'unknown' | { suggest: string }]> = [
  // the canonical form, case and spacing
  ['python easy', challenge('python', 'easy')],
  ['SQL Hard', challenge('sql', 'hard')],
  ['  python    EASY  ', challenge('python', 'easy')],
  ['PYTHON EASY', challenge('python', 'easy')],
  ['\tsql\nmedium ', challenge('sql', 'medium')],
  // order either way, aliases
  ['easy python', challenge('python', 'easy')],
  ['hard sql', challenge('sql', 'hard')],
  ['py e', challenge('python', 'easy')],
  ['py beginner', challenge('python', 'easy')],
  ['stats medium', challenge('statistics', 'medium')],
  ['statistics m', challenge('statistics', 'medium')],
  ['linear algebra hard', challenge('linear-algebra', 'hard')],
  ['Linear-Algebra e', challenge('linear-algebra', 'easy')],
  ['linalg intermediate', challenge('linear-algebra', 'medium')],
  ['prob advanced', challenge('probability', 'hard')],
  ['probability h', challenge('probability', 'hard')],
  ['ml easy', challenge('machine-learning', 'easy')],
  ['machine learning advanced', challenge('machine-learning', 'hard')],
  ['numpy medium', challenge('pandas', 'medium')],
  ['pandas hard', challenge('pandas', 'hard')],
  // filler, punctuation and emoji
  ['Python, easy please!', challenge('python', 'easy')],
  ['give me a hard sql challenge', challenge('sql', 'hard')],
  ['Can I get an easy stats question?', challenge('statistics', 'easy')],
  ['sql... medium!!!', challenge('sql', 'medium')],
  ['python easy 🐍', challenge('python', 'easy')],
  ['🔥🔥 hard ML 🔥🔥', challenge('machine-learning', 'hard')],
  ['"python" "easy"', challenge('python', 'easy')],
  ['python-easy', challenge('python', 'easy')],
  ['python/easy', challenge('python', 'easy')],
  ['I want to practice sql, level medium', challenge('sql', 'medium')],
  ['next python hard pls', challenge('python', 'hard')],
  ['hi! python easy', challenge('python', 'easy')],
  // full-width letters and accents, other languages' words
  ['ＰＹＴＨＯＮ ｅａｓｙ', challenge('python', 'easy')],
  ['python fácil', challenge('python', 'easy')],
  ['estadística difícil', challenge('statistics', 'hard')],
  ['sql facile', challenge('sql', 'easy')],
  ['python leicht bitte', challenge('python', 'easy')],
  // typos within one or two letters
  ['pyhton easy', challenge('python', 'easy')],
  ['pythn easy', challenge('python', 'easy')],
  ['python eazy', challenge('python', 'easy')],
  ['statistcs medium', challenge('statistics', 'medium')],
  ['sql meduim', challenge('sql', 'medium')],
  ['probabilty hard', challenge('probability', 'hard')],
  ['pandsa easy', challenge('pandas', 'easy')],
  ['python hrad', challenge('python', 'hard')],
  ['liner algebra easy', challenge('linear-algebra', 'easy')],
  // near misses: asked, not guessed
  ['pyth easy', { suggest: 'python easy' }],
  ['statstcs hrd', { suggest: 'statistics hard' }],
  ['sttstcs easy', { suggest: 'statistics easy' }],
  // topic alone, random
  ['python', challenge('python', null)],
  ['SQL please', challenge('sql', null)],
  ['stats!', { kind: 'progress' }],
  ['stats easy', challenge('statistics', 'easy')],
  ['progress', { kind: 'progress' }],
  ['review', { kind: 'review' }],
  ['Revise!', { kind: 'review' }],
  ['streak', { kind: 'progress' }],
  ['me', { kind: 'progress' }],
  ['answer 0.775', { kind: 'answer', text: '0.775', code: null, via: 'typed' }],
  ['a 31/40', { kind: 'answer', text: '31/40', code: null, via: 'typed' }],
  ['answer -1', { kind: 'answer', text: '-1', code: null, via: 'typed' }],
  ['answer probability-easy-011 -1', { kind: 'answer', text: '-1', code: 'probability-easy-011', via: 'typed' }],
  ['answer: -2.5', { kind: 'answer', text: '-2.5', code: null, via: 'typed' }],
  ['answer - median', { kind: 'answer', text: 'median', code: null, via: 'typed' }],
  ['ans: x = 2, y = 1', { kind: 'answer', text: 'x = 2, y = 1', code: null, via: 'typed' }],
  ['answer python-easy-003 42', { kind: 'answer', text: '42', code: 'python-easy-003', via: 'typed' }],
  ['a python challenge', challenge('python', null)],
  ['a sql hard', challenge('sql', 'hard')],
  ['timezone Africa/Lagos', { kind: 'timezone', zone: 'Africa/Lagos' }],
  ['tz: Europe/London', { kind: 'timezone', zone: 'Europe/London' }],
  ['random', { kind: 'random' }],
  ['Random challenge please', { kind: 'random' }],
  ['surprise me', { kind: 'random' }],
  // menus
  ['help', { kind: 'help' }],
  ['HELP', { kind: 'help' }],
  ['Hi!', { kind: 'help' }],
  ['hello', { kind: 'help' }],
  ['menu', { kind: 'help' }],
  ['start', { kind: 'start', keyword: 'start', silent: false }],
  ['STOP', { kind: 'stop', keyword: 'stop', silent: false }],
  ['Unsubscribe!', { kind: 'stop', keyword: 'unsubscribe', silent: false }],
  ['  stopall ', { kind: 'stop', keyword: 'stopall', silent: false }],
  ['UNSTOP', { kind: 'start', keyword: 'unstop', silent: false }],
  ['please stop sending me python', 'unknown'],
  ['?', { kind: 'help' }],
  ['hola', { kind: 'help' }],
  ['topics', { kind: 'topics' }],
  ['list topics please', { kind: 'topics' }],
  // hint and solution
  ['hint python-easy-007', { kind: 'hint', code: 'python-easy-007' }],
  ['HINT [SQL-HARD-002]', { kind: 'hint', code: 'sql-hard-002' }],
  ['solution linear-algebra-medium-003', { kind: 'solution', code: 'linear-algebra-medium-003' }],
  ['answer statistics-easy-001', { kind: 'answer', text: '', code: 'statistics-easy-001', via: 'typed' }],
  ['reveal statistics-easy-001', { kind: 'solution', code: 'statistics-easy-001' }],
  ['hint', { kind: 'hint', code: '' }],
  ['solution', { kind: 'solution', code: '' }],
  // questions for the mentors, and reading held answers
  ['ask why does my groupby drop NaN?', { kind: 'ask', question: 'why does my groupby drop NaN?', separate: false }],
  ['Ask: how do I pivot?', { kind: 'ask', question: 'how do I pivot?', separate: false }],
  ['MENTOR - my join is slow', { kind: 'ask', question: 'my join is slow', separate: false }],
  ['question: what is a p-value', { kind: 'ask', question: 'what is a p-value', separate: false }],
  ['ask new: another thing', { kind: 'ask', question: 'another thing', separate: true }],
  ['ask python easy', { kind: 'ask', question: 'python easy', separate: false }],
  ['ask', { kind: 'ask', question: '', separate: false }],
  ['question sql easy', challenge('sql', 'easy')],
  ['OPEN', { kind: 'open' }],
  ['open', { kind: 'open' }],
  // not understood
  ['', 'unknown'],
  ['   ', 'unknown'],
  ['👍', 'unknown'],
  ['what is the meaning of life', 'unknown'],
  ['easy', 'unknown'],
  ['python sql easy', 'unknown'],
  ['python easy hard', 'unknown'],
  ['python easy and also tell me a joke', 'unknown'],
  ['مرحبا', 'unknown'],
  ['你好', 'unknown'],
  ["'; DROP TABLE interactions; --", 'unknown'],
  ['hint me about life', 'unknown'],
];

/** Everyday messages: their own meaning, never a topic ("what is this" is not *statistics*) nor an attempt. */
const EVERYDAY: Array<[string, string]> = [
  ['what is this', 'about'],
  ['What is this?', 'about'],
  ['who are you', 'about'],
  ['what can you do?', 'about'],
  ['how does this work', 'about'],
  ['are you a bot?', 'about'],
  ['good morning', 'greeting'],
  ['Good evening!', 'greeting'],
  ['howzit', 'greeting'],
  ['thanks', 'thanks'],
  ['Thank you!', 'thanks'],
  ['thx', 'thanks'],
  ['ok', 'thanks'],
  ['okay', 'thanks'],
  ['cool', 'thanks'],
  ['cheers', 'thanks'],
  ['how are you?', 'chat'],
  ['lol', 'chat'],
  ['haha', 'chat'],
  ['bye', 'bye'],
  ['good night', 'bye'],
  ['see you', 'bye'],
];

describe('parseCommand: everyday phrases', () => {
  it.each(EVERYDAY)('reads %j as %s', (text, meaning) => {
    expect(parseCommand(text)).toEqual({ kind: 'smalltalk', meaning });
  });

  it('has at least 20 of them', () => {
    expect(EVERYDAY.length).toBeGreaterThanOrEqual(20);
  });
});

describe('parseCommand', () => {
  it.each(TABLE)('reads %j', (text, expected) => {
    const command = parseCommand(text);
    if (expected === 'unknown') expect(command).toEqual({ kind: 'unknown', text });
    else if ('suggest' in expected) expect(command).toEqual({ kind: 'suggest', suggestion: expected.suggest, text });
    else expect(command).toEqual(expected);
  });

  it('covers at least 60 real-world inputs', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });
});

describe('parseCommand on random text', () => {
  it('reads 2,000 random Unicode texts without throwing (a seeded generator, so a failure repeats)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const ranges = [
      [0x20, 0x7e],
      [0xc0, 0x24f],
      [0x600, 0x6ff],
      [0x4e00, 0x4fff],
      [0x1f600, 0x1f64f],
    ] as const;
    for (let i = 0; i < 2000; i++) {
      let text = i % 7 === 0 ? 'a ' : '';
      for (let c = 0; c < 1 + (i % 120); c++) {
        const [lo, hi] = ranges[Math.floor(random() * ranges.length)] ?? [0x20, 0x7e];
        text += String.fromCodePoint(lo + Math.floor(random() * (hi - lo)));
      }
      expect(() => parseCommand(text), JSON.stringify(text)).not.toThrow();
    }
    expect(parseCommand('۪a😟 ٨ۃ')).toMatchObject({ kind: 'unknown' });
  });
});
