import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command.js';

describe('parseCommand', () => {
  it.each([
    ['python easy', 'python', 'easy'],
    ['SQL Hard', 'sql', 'hard'],
    ['  python    EASY  ', 'python', 'easy'],
    ['easy python', 'python', 'easy'],
    ['Python, easy please!', 'python', 'easy'],
    ['give me a hard sql challenge', 'sql', 'hard'],
    ['stats medium', 'statistics', 'medium'],
    ['linear algebra hard', 'linear-algebra', 'hard'],
    ['Linear-Algebra e', 'linear-algebra', 'easy'],
    ['linalg intermediate', 'linear-algebra', 'medium'],
    ['py beginner', 'python', 'easy'],
    ['machine learning advanced', 'machine-learning', 'hard'],
    ['ＰＹＴＨＯＮ ｅａｓｙ', 'python', 'easy'],
    ['python easy 🐍', 'python', 'easy'],
  ])('reads %j as a %s %s challenge request', (text, topic, difficulty) => {
    expect(parseCommand(text)).toEqual({ kind: 'challenge', topic, difficulty });
  });

  it.each(['help', 'HELP', 'hi', 'Hi!', 'menu', 'start', 'hello', '?'])(
    'reads %j as a request for the menu',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'help' });
    },
  );

  it.each([
    '',
    '   ',
    'what is the meaning of life',
    'python',
    'easy',
    'python sql easy',
    'python easy hard',
    'python easy and also tell me a joke',
    'help me with python easy',
    'مرحبا',
  ])('does not understand %j', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'unknown', text });
  });
});
