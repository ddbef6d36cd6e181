import { describe, expect, it } from 'vitest';
import { median } from './standing.js';

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([7])).toBe(7);
  });

  it('is null without values', () => {
    expect(median([])).toBeNull();
  });
});
