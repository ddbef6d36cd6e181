/** One UTC offset of the school's zone, in force from `from` until the next span's start. */
export interface OffsetSpan {
  from: Date;
  offsetMinutes: number;
}

/** A dashboard's period: whole days of the school's zone, first and last included. */
export interface Period {
  fromDay: string;
  toDay: string;
  /** The instants [from, to): the school's midnight starting the first day, and the one after the last. */
  from: Date;
  to: Date;
  /** Minutes east of UTC of the school's zone at the period's end (what the pages say the zone is). */
  offsetMinutes: number;
  /** The zone's offsets over [from, to): one, or more when a DST change falls inside (rows are bucketed by them). */
  spans: OffsetSpan[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Days a period may span: a year and a bit, so one request cannot ask MySQL for everything twice over. */
export const MAX_PERIOD_DAYS = 400;
export const DEFAULT_PERIOD_DAYS = 28;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Building a formatter costs far more than using one: a roll-up asks thousands of times. */
function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall clock of `zone` at `at`, as if it were UTC (milliseconds, whole minutes). */
function wallClock(zone: string, at: number): number {
  const parts = formatterOf(zone).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
}

/** Minutes east of UTC of `zone` at `at` (e.g. 120 for Africa/Johannesburg). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const time = at.getTime();
  return Math.round((wallClock(zone, time) - Math.floor(time / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

/** The school's day (YYYY-MM-DD) at `at`. */
export function schoolDay(zone: string, at: Date): string {
  return new Date(wallClock(zone, at.getTime())).toISOString().slice(0, 10);
}

/** `day` plus `days` calendar days (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant the school's day `day` starts: its local midnight, or the first minute the day has
 * when a DST change skips midnight. The earliest minute whose local day is `day`, found by halving
 * the 30 hours around UTC midnight that hold it in every zone.
 */
export function startOfDay(day: string, zone: string): Date {
  let low = Date.parse(day) / MINUTE_MS - 15 * 60;
  let high = low + 30 * 60;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (schoolDay(zone, new Date(middle * MINUTE_MS)) >= day) high = middle;
    else low = middle + 1;
  }
  return new Date(low * MINUTE_MS);
}

/** How often the zone's offset is sampled: no zone changes it twice within half a day. */
const SAMPLE_MS = 12 * 60 * MINUTE_MS;

/** The zone's offsets over [from, to), each with the minute it starts (DST changes), oldest first. */
export function offsetSpans(zone: string, from: Date, to: Date): OffsetSpan[] {
  const offset = (minute: number) => zoneOffsetMinutes(zone, new Date(minute * MINUTE_MS));
  const start = Math.floor(from.getTime() / MINUTE_MS);
  const spans: OffsetSpan[] = [{ from: new Date(start * MINUTE_MS), offsetMinutes: offset(start) }];
  const end = Math.max(start, Math.ceil(to.getTime() / MINUTE_MS));
  for (let at = start; at < end; ) {
    const next = Math.min(at + SAMPLE_MS / MINUTE_MS, end);
    const current = spans[spans.length - 1]?.offsetMinutes;
    if (offset(next) !== current) {
      // The first minute of (at, next] on the new offset.
      let low = at + 1;
      let high = next;
      while (low < high) {
        const middle = Math.floor((low + high) / 2);
        if (offset(middle) !== current) high = middle;
        else low = middle + 1;
      }
      spans.push({ from: new Date(low * MINUTE_MS), offsetMinutes: offset(low) });
    }
    at = next;
  }
  return spans;
}

/**
 * The period a request asks for (`from` and `to` as YYYY-MM-DD, each optional): by default the last
 * 28 days up to today. Each end is the school's own midnight that day, so a period across a DST
 * change is still whole days. Returns a reason instead when the days are not days or not in order.
 */
export function readPeriod(
  query: { from?: string | undefined; to?: string | undefined },
  zone: string,
  now: Date,
): Period | { problem: string } {
  for (const [name, value] of Object.entries(query)) {
    if (value && !(ISO_DAY.test(value) && !Number.isNaN(Date.parse(value)))) {
      return { problem: `${name} must be a day as YYYY-MM-DD` };
    }
  }
  const toDay = query.to || schoolDay(zone, now);
  const fromDay = query.from || addDays(toDay, -(DEFAULT_PERIOD_DAYS - 1));
  if (fromDay > toDay) return { problem: 'from must not be after to' };
  if (Date.parse(toDay) - Date.parse(fromDay) >= MAX_PERIOD_DAYS * DAY_MS) {
    return { problem: `at most ${MAX_PERIOD_DAYS} days` };
  }
  const from = startOfDay(fromDay, zone);
  const to = startOfDay(addDays(toDay, 1), zone);
  return { fromDay, toDay, from, to, offsetMinutes: zoneOffsetMinutes(zone, now), spans: offsetSpans(zone, from, to) };
}

/** The week before `at` in the school's zone, Monday to Monday: what a Monday digest reports. */
export function weekBefore(at: Date, zone: string): Period {
  const today = schoolDay(zone, at);
  const monday = addDays(today, -((new Date(Date.parse(today)).getUTCDay() + 6) % 7));
  const fromDay = addDays(monday, -7);
  const from = startOfDay(fromDay, zone);
  const to = startOfDay(monday, zone);
  return {
    fromDay,
    toDay: addDays(monday, -1),
    from,
    to,
    offsetMinutes: zoneOffsetMinutes(zone, at),
    spans: offsetSpans(zone, from, to),
  };
}
