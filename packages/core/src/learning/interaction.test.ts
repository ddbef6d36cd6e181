import { describe, expect, it } from 'vitest';
import { INTERACTION_TRANSITIONS } from './interaction.js';

describe('the interaction table', () => {
  it('keeps a delivered limit reply as `limited` for the analysts; the rest is `sent`', () => {
    expect(INTERACTION_TRANSITIONS.delivered.to('limited')).toBe('limited');
    expect(INTERACTION_TRANSITIONS.delivered.to('challenge')).toBe('sent');
    expect(INTERACTION_TRANSITIONS.delivered.from).toEqual(['pending']);
  });

  it('refunds an interaction once: a failed one cannot fail again', () => {
    expect(INTERACTION_TRANSITIONS.failed.from).not.toContain('failed');
    expect(INTERACTION_TRANSITIONS.failed.from).toEqual(expect.arrayContaining(['pending', 'sent', 'limited']));
  });
});
