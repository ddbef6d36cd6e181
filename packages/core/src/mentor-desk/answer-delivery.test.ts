import { describe, expect, it } from 'vitest';
import { ANSWER_TRANSITIONS } from './answer-delivery.js';

describe('the answer table', () => {
  it('releases only held answers, and lets a sent one still be held or fail (a later status callback)', () => {
    expect(ANSWER_TRANSITIONS.release).toEqual({ from: ['held'], to: 'pending' });
    expect(ANSWER_TRANSITIONS.held.from).toContain('sent');
    expect(ANSWER_TRANSITIONS.failed.from).toContain('sent');
    expect(ANSWER_TRANSITIONS.sent.from).toEqual(['pending']);
  });
});
