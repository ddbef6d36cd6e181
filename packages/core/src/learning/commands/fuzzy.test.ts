import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './fuzzy.js';

describe('editDistance', () => {
  it.each([
    ['python', 'python', 0],
    ['pyhton', 'python', 1],
    ['pythn', 'python', 1],
    ['pyth', 'python', 2],
    ['statistcs', 'statistics', 1],
    ['', 'sql', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closest', () => {
  const words = new Map([
    ['python', 'python'],
    ['pandas', 'pandas'],
    ['sql', 'sql'],
  ]);

  it('finds the nearest word within the distance', () => {
    expect(closest('pyhton', words, 2)).toMatchObject({ value: 'python', distance: 1 });
  });

  it('never matches words under four letters, where typos collide', () => {
    expect(closest('sqk', words, 1)).toBeUndefined();
  });

  it('refuses to guess between two equally close words', () => {
    expect(
      closest(
        'hats',
        new Map([
          ['cats', 'a'],
          ['bats', 'b'],
        ]),
        1,
      ),
    ).toBeUndefined();
  });
});
