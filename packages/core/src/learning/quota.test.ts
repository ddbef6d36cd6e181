import { describe, expect, it } from 'vitest';
import { decideQuota, formatWait, QUOTA_WINDOW_MS } from './quota.js';

const now = new Date('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

describe('decideQuota', () => {
  it('allows a learner under the limit and says how many remain after this one', () => {
    expect(decideQuota([ago(HOUR), ago(2 * HOUR)], 5, now)).toEqual({ allowed: true, remaining: 2 });
  });

  it('refuses at the limit and frees a slot 24 hours after the oldest counted challenge', () => {
    const oldest = ago(20 * HOUR + 48 * MINUTE);
    const sent = [ago(1 * HOUR), ago(2 * HOUR), ago(3 * HOUR), ago(4 * HOUR), oldest];
    const decision = decideQuota(sent, 5, now);
    expect(decision).toEqual({ allowed: false, nextAvailableAt: new Date(oldest.getTime() + QUOTA_WINDOW_MS) });
    if (!decision.allowed) expect(formatWait(now, decision.nextAvailableAt)).toBe('3h 12m');
  });

  it('is rolling, not calendar: a challenge exactly 24 hours old no longer counts', () => {
    const sent = [ago(QUOTA_WINDOW_MS), ago(HOUR), ago(HOUR), ago(HOUR), ago(HOUR)];
    expect(decideQuota(sent, 5, now).allowed).toBe(true);
    const justInside = [ago(QUOTA_WINDOW_MS - 1), ago(HOUR), ago(HOUR), ago(HOUR), ago(HOUR)];
    expect(decideQuota(justInside, 5, now).allowed).toBe(false);
  });

  it('waits until enough challenges expire when the limit was lowered', () => {
    const sent = [ago(1 * HOUR), ago(2 * HOUR), ago(3 * HOUR), ago(4 * HOUR)];
    const decision = decideQuota(sent, 2, now);
    expect(decision).toEqual({ allowed: false, nextAvailableAt: new Date(ago(2 * HOUR).getTime() + QUOTA_WINDOW_MS) });
  });
});

describe('formatWait', () => {
  it.each([
    [3 * HOUR + 12 * MINUTE, '3h 12m'],
    [2 * HOUR, '2h'],
    [45 * MINUTE, '45m'],
    [30 * 1000, '1m'],
    [59 * MINUTE + 1000, '1h'],
  ])('formats %i ms rounded up to the minute', (ms, text) => {
    expect(formatWait(now, new Date(now.getTime() + ms))).toBe(text);
  });
});
