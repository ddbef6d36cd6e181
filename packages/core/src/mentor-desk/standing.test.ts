import { describe, expect, it } from 'vitest';
import { median, queueStanding } from './standing.js';

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

describe('queueStanding', () => {
  const queue = { unansweredIds: [3, 5, 9], recentFirstAnswerMs: [10, 30] };

  it('places a new ticket behind every unanswered one, and an open one among those asked before it', () => {
    expect(queueStanding(queue, undefined)).toEqual({ position: 4, medianFirstAnswerMs: 20 });
    expect(queueStanding(queue, { id: 5, challengeCode: null, answered: false }).position).toBe(2);
  });

  it('has no place for a ticket a mentor already answered', () => {
    expect(queueStanding(queue, { id: 4, challengeCode: null, answered: true }).position).toBeNull();
  });
});
