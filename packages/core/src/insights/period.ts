/** A dashboard's period: whole days of the school's zone, first and last included. */
export interface Period {
  fromDay: string;
  toDay: string;
  /** The instants [from, to): the school's midnight starting the first day, and the one after the last. */
  from: Date;
  to: Date;
  /** Minutes east of UTC of the school's zone at the period's end (days are bucketed by it). */
  offsetMinutes: number;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Days a period may span: a year and a bit, so one request cannot ask MySQL for everything twice over. */
export const MAX_PERIOD_DAYS = 400;
export const DEFAULT_PERIOD_DAYS = 28;

/** Minutes east of UTC of `zone` at `at` (e.g. 120 for Africa/Johannesburg). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

const dayOf = (at: Date, offsetMinutes: number) =>
  new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);

/**
 * The period a request asks for (`from` and `to` as YYYY-MM-DD, each optional): by default the last
 * 28 days up to today. Returns a reason instead when the days are not days or not in order.
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
  const offsetMinutes = zoneOffsetMinutes(zone, now);
  const toDay = query.to || dayOf(now, offsetMinutes);
  const fromDay = query.from || dayOf(new Date(Date.parse(toDay) - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS), 0);
  const from = new Date(Date.parse(fromDay) - offsetMinutes * 60_000);
  const to = new Date(Date.parse(toDay) + DAY_MS - offsetMinutes * 60_000);
  if (to <= from) return { problem: 'from must not be after to' };
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) return { problem: `at most ${MAX_PERIOD_DAYS} days` };
  return { fromDay, toDay, from, to, offsetMinutes };
}

/** The week before `at` in the school's zone, Monday to Monday: what a Monday digest reports. */
export function weekBefore(at: Date, zone: string): Pick<Period, 'from' | 'to' | 'offsetMinutes'> {
  const offsetMinutes = zoneOffsetMinutes(zone, at);
  const today = Date.parse(dayOf(at, offsetMinutes));
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
  return {
    from: new Date(monday - 7 * DAY_MS - offsetMinutes * 60_000),
    to: new Date(monday - offsetMinutes * 60_000),
    offsetMinutes,
  };
}
