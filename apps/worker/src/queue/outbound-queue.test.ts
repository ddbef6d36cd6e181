import { describe, expect, it } from 'vitest';
import { smoothLimiter } from './outbound-queue.js';

describe('smoothLimiter', () => {
  it.each([20, 80, 150, 250, 1000, 10_000])('never lets more than %i into one clock second', (mps) => {
    const { max, duration } = smoothLimiter(mps);
    // A clock second overlaps at most floor(1000 / duration) + 1 windows of `max` jobs each.
    expect((Math.floor(1000 / duration) + 1) * max).toBeLessThanOrEqual(mps);
    expect((1000 / duration) * max).toBeGreaterThanOrEqual(mps * 0.9);
  });

  it('spreads 80 per second as 2 every 26 ms, at most 78 in a clock second', () => {
    expect(smoothLimiter(80)).toEqual({ max: 2, duration: 26 });
  });
});
