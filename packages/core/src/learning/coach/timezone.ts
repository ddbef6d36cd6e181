import { getCountry } from 'countries-and-timezones';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Whether `zone` is an IANA time zone this runtime knows, e.g. `Africa/Lagos`. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/**
 * The learner's zone: the one they set; else their number's country when it has a single zone
 * (+27 → Africa/Johannesburg, +234 → Africa/Lagos); else the school's.
 */
export function learnerTimeZone(phone: string, chosen: string | null, schoolZone: string): string {
  if (chosen && isTimeZone(chosen)) return chosen;
  const country = parsePhoneNumberFromString(`+${phone.replace(/\D/g, '')}`)?.country;
  const zones = country ? (getCountry(country)?.timezones ?? []) : [];
  const [only] = zones;
  return zones.length === 1 && only && isTimeZone(only) ? only : schoolZone;
}

/** The calendar day of `at` in `zone`, as YYYY-MM-DD. */
export function localDay(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
