import { describe, expect, it } from 'vitest';
import { selectChallenge } from './select-challenge.js';

describe('selectChallenge', () => {
  it('only picks challenges the learner has not been sent', () => {
    const pool = [
      { code: 'sql-easy-001', lastSentAt: new Date('2026-01-01') },
      { code: 'sql-easy-002', lastSentAt: null },
      { code: 'sql-easy-003', lastSentAt: null },
    ];
    const picks = new Set([0, 0.49, 0.5, 0.99].map((r) => selectChallenge(pool, () => r)));
    expect(picks).toEqual(new Set(['sql-easy-002', 'sql-easy-003']));
  });

  it('falls back to the least recently sent once every challenge was seen', () => {
    const pool = [
      { code: 'sql-easy-001', lastSentAt: new Date('2026-01-03') },
      { code: 'sql-easy-002', lastSentAt: new Date('2026-01-01') },
      { code: 'sql-easy-003', lastSentAt: new Date('2026-01-02') },
    ];
    expect(selectChallenge(pool)).toBe('sql-easy-002');
  });

  it('returns nothing for an empty cell', () => {
    expect(selectChallenge([])).toBeUndefined();
  });
});
