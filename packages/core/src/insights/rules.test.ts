import { describe, expect, it } from 'vitest';
import { biggestDrop, type ChallengeFigures, challengeFlags, facility, hardest } from './rules.js';

const challenge = (overrides: Partial<ChallengeFigures>): ChallengeFigures => ({
  code: 'python-easy-001',
  topic: 'python',
  difficulty: 'easy',
  sent: 40,
  attempted: 30,
  firstAttempts: 30,
  firstRight: 15,
  meanAttempts: 1.5,
  hints: 3,
  revealedBeforeAnswering: 1,
  answers: 40,
  unreadable: 2,
  ...overrides,
});

describe('challenge flags', () => {
  it.each([
    [{ firstAttempts: 20, firstRight: 3 }, ['too hard']],
    [{ firstAttempts: 20, firstRight: 4 }, []],
    [{ firstAttempts: 19, firstRight: 0 }, []],
    [{ firstAttempts: 40, firstRight: 39 }, ['too easy']],
    [{ firstAttempts: 40, firstRight: 38 }, []],
    [{ answers: 40, unreadable: 11 }, ['unreadable answers']],
    [{ answers: 40, unreadable: 10 }, []],
    [{ answers: 19, unreadable: 19, firstAttempts: 0, firstRight: 0 }, []],
  ] as const)('%o → %o', (overrides, flags) => {
    expect(challengeFlags(challenge(overrides))).toEqual(flags);
  });

  it('has no facility before a first attempt, and ranks the hardest among those tried enough', () => {
    expect(facility({ firstAttempts: 0, firstRight: 0 })).toBeNull();
    const list = [
      challenge({ code: 'a', firstAttempts: 25, firstRight: 20 }),
      challenge({ code: 'b', firstAttempts: 25, firstRight: 2 }),
      challenge({ code: 'c', firstAttempts: 5, firstRight: 0 }),
      challenge({ code: 'd', firstAttempts: 50, firstRight: 10 }),
    ];
    expect(hardest(list, 2).map((c) => c.code)).toEqual(['b', 'd']);
  });
});

describe('the funnel', () => {
  it('calls out the step that loses the largest share', () => {
    const steps = [
      { label: 'first message', learners: 100 },
      { label: 'first challenge', learners: 90 },
      { label: 'first right answer', learners: 45 },
      { label: 'active on day 7', learners: 30 },
    ];
    expect(biggestDrop(steps)).toEqual({ from: 'first challenge', to: 'first right answer', lost: 45, share: 0.5 });
    expect(biggestDrop([{ label: 'a', learners: 0 }])).toBeUndefined();
  });
});
