import { describe, expect, it } from 'vitest';
import { smoothLimiter } from './outbound-queue.js';

describe('smoothLimiter', () => {
  it.each([10, 80, 150, 250, 1000, 10_000])('allows at most %i messages per second, and at least 94%% of it', (mps) => {
    const { max, duration } = smoothLimiter(mps);
    expect(duration).toBeGreaterThanOrEqual(7);
    expect((1000 / duration) * max).toBeLessThanOrEqual(mps);
    expect((1000 / duration) * max).toBeGreaterThanOrEqual(mps * 0.94);
  });
});
