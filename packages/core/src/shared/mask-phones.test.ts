import { describe, expect, it } from 'vitest';
import { maskPhonesIn } from './phone.js';

describe('maskPhonesIn', () => {
  it.each([
    [
      "The 'To' number whatsapp:+27825550101 is not a valid phone number.",
      "The 'To' number whatsapp:27*****0101 is not a valid phone number.",
    ],
    ['call +1 (415) 523-8886 now', 'call 14*****8886 now'],
    ['interaction 42 failed after 3 attempts in 2026', 'interaction 42 failed after 3 attempts in 2026'],
    ['learner 27825550101 wrote', 'learner 27*****0101 wrote'],
    [
      'job SM1234567890abcdef1234567890abcdef at 2026-11-24 14:55:01',
      'job SM1234567890abcdef1234567890abcdef at 2026-11-24 14:55:01',
    ],
  ])('%s', (text, masked) => {
    expect(maskPhonesIn(text)).toBe(masked);
  });
});
