import { describe, expect, it } from 'vitest';
import { afterMove, type OutboundMove, type OutboundStatus } from './states.js';

describe('the outbound state machine', () => {
  it.each<[OutboundStatus, OutboundMove, OutboundStatus | undefined]>([
    ['pending', 'claim', 'sending'],
    ['sending', 'claim', undefined],
    ['sent', 'claim', undefined],
    ['sending', 'release', 'pending'],
    ['sent', 'release', undefined],
    ['sending', 'sent', 'sent'],
    ['failed', 'sent', undefined],
    ['sent', 'delivered', 'delivered'],
    ['pending', 'delivered', undefined],
    ['sent', 'failed', 'failed'],
    ['delivered', 'failed', 'failed'],
    ['failed', 'failed', undefined],
  ])('%s —%s→ %s', (from, move, to) => {
    expect(afterMove(from, move)).toBe(to);
  });
});
