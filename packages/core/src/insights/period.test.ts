import { describe, expect, it } from 'vitest';
import { offsetSpans, readPeriod, schoolDay, startOfDay, weekBefore, zoneOffsetMinutes } from './period.js';

const now = new Date('2026-03-18T21:30:00Z');

describe('the dashboard period', () => {
  it('defaults to the last 28 days up to today in the school zone', () => {
    // 23:30 in Johannesburg: still the 18th there; the 19th would start at 22:00 UTC.
    expect(readPeriod({}, 'Africa/Johannesburg', now)).toEqual({
      fromDay: '2026-02-19',
      toDay: '2026-03-18',
      from: new Date('2026-02-18T22:00:00Z'),
      to: new Date('2026-03-18T22:00:00Z'),
      offsetMinutes: 120,
      spans: [{ from: new Date('2026-02-18T22:00:00Z'), offsetMinutes: 120 }],
    });
    expect(readPeriod({}, 'Pacific/Kiritimati', now)).toMatchObject({ toDay: '2026-03-19', offsetMinutes: 840 });
  });

  it('takes both days inclusive, and refuses what is not a day or out of order', () => {
    expect(readPeriod({ from: '2026-01-05', to: '2026-01-05' }, 'UTC', now)).toMatchObject({
      from: new Date('2026-01-05T00:00:00Z'),
      to: new Date('2026-01-06T00:00:00Z'),
    });
    expect(readPeriod({ from: '5 Jan' }, 'UTC', now)).toEqual({ problem: 'from must be a day as YYYY-MM-DD' });
    expect(readPeriod({ from: '2026-02-02', to: '2026-02-01' }, 'UTC', now)).toEqual({
      problem: 'from must not be after to',
    });
    expect(readPeriod({ from: '2020-01-01', to: '2026-02-01' }, 'UTC', now)).toEqual({ problem: 'at most 400 days' });
  });

  it('knows zones west and east of UTC, and the week before a Monday', () => {
    expect(zoneOffsetMinutes('America/New_York', new Date('2026-01-15T12:00:00Z'))).toBe(-300);
    expect(zoneOffsetMinutes('Asia/Kolkata', now)).toBe(330);
    // Monday 2026-03-16 08:00 in Johannesburg: the week Monday 9th to Monday 16th, local midnights.
    expect(weekBefore(new Date('2026-03-16T06:00:00Z'), 'Africa/Johannesburg')).toEqual({
      fromDay: '2026-03-09',
      toDay: '2026-03-15',
      from: new Date('2026-03-08T22:00:00Z'),
      to: new Date('2026-03-15T22:00:00Z'),
      offsetMinutes: 120,
      spans: [{ from: new Date('2026-03-08T22:00:00Z'), offsetMinutes: 120 }],
    });
  });

  it('starts each day at its own midnight across a DST change, and finds the change to the minute', () => {
    // Berlin: CET (+1) until 2026-03-29 01:00 UTC, then CEST (+2) until 2026-10-25 01:00 UTC.
    expect(startOfDay('2026-03-29', 'Europe/Berlin')).toEqual(new Date('2026-03-28T23:00:00Z'));
    expect(startOfDay('2026-03-30', 'Europe/Berlin')).toEqual(new Date('2026-03-29T22:00:00Z'));
    expect(startOfDay('2026-10-26', 'Europe/Berlin')).toEqual(new Date('2026-10-25T23:00:00Z'));
    // Santiago skips its midnight in spring (00:00 → 01:00): the day starts at 01:00, 04:00 UTC.
    expect(startOfDay('2026-09-06', 'America/Santiago')).toEqual(new Date('2026-09-06T04:00:00Z'));
    expect(schoolDay('Europe/Berlin', new Date('2026-03-29T22:30:00Z'))).toBe('2026-03-30');

    const period = readPeriod({ from: '2026-03-01', to: '2026-04-30' }, 'Europe/Berlin', new Date('2026-06-01Z'));
    expect(period).toMatchObject({
      from: new Date('2026-02-28T23:00:00Z'),
      to: new Date('2026-04-30T22:00:00Z'),
      offsetMinutes: 120,
      spans: [
        { from: new Date('2026-02-28T23:00:00Z'), offsetMinutes: 60 },
        { from: new Date('2026-03-29T01:00:00Z'), offsetMinutes: 120 },
      ],
    });
    const year = offsetSpans('America/New_York', new Date('2026-01-01Z'), new Date('2027-01-01Z'));
    expect(year.map((span) => [span.from.toISOString(), span.offsetMinutes])).toEqual([
      ['2026-01-01T00:00:00.000Z', -300],
      ['2026-03-08T07:00:00.000Z', -240],
      ['2026-11-01T06:00:00.000Z', -300],
    ]);
  });
});
