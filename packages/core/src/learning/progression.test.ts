import { describe, expect, it } from 'vitest';
import { nextDifficulty } from './progression.js';

describe('nextDifficulty', () => {
  it.each([
    [{}, 'easy'],
    [{ easy: 1 }, 'easy'],
    [{ easy: 2 }, 'easy'],
    [{ easy: 3 }, 'medium'],
    [{ easy: 7, medium: 1 }, 'medium'],
    [{ easy: 7, medium: 3 }, 'hard'],
    [{ hard: 12 }, 'hard'],
    [{ medium: 1 }, 'medium'],
  ] as const)('after %j moves to %s', (sent, expected) => {
    expect(nextDifficulty(sent)).toBe(expected);
  });
});
