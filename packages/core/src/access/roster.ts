import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Who may use the bot. `open`: whoever writes is a learner. `enrolled`: only numbers on the
 * school's roster (from the access form, or `join <code>` with a cohort's code).
 */
export type AccessMode = 'open' | 'enrolled';

/** One learner on the roster, as the access form's export gives them. */
export interface RosterEntry {
  /** Digits of the E.164 number, the learner's key everywhere. */
  phone: string;
  name: string | null;
  cohort: string | null;
  email: string | null;
}

export interface RosterReading {
  entries: RosterEntry[];
  refused: Array<{ line: number; reason: string }>;
}

/** A number as people write it, normalised to E.164 digits; national numbers use `country`. */
export function normaliseNumber(raw: string, country: CountryCode | undefined): string | { refused: string } {
  const text = raw.trim().replace(/^whatsapp:/i, '');
  if (text === '') return { refused: 'no phone number' };
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed) {
    return {
      refused: country ? `"${text}" is not a phone number` : `"${text}" has no country code (set DEFAULT_COUNTRY)`,
    };
  }
  if (!parsed.isValid())
    return { refused: `"${text}" is not a valid ${parsed.country ?? ''} number`.replace('  ', ' ') };
  return parsed.number.replace(/\D/g, '');
}

const COLUMNS = ['phone', 'name', 'cohort', 'email'] as const;

/**
 * The roster from the access form's CSV rows (the header first): columns `phone` and optionally
 * `name`, `cohort`, `email`, in any order, header names in any case. Each row refused says why,
 * with its line number; a number twice keeps its last row.
 */
export function readRoster(rows: readonly string[][], country: CountryCode | undefined): RosterReading {
  const [header = [], ...body] = rows;
  const index = Object.fromEntries(
    COLUMNS.map((column) => [column, header.findIndex((name) => name.trim().toLowerCase() === column)]),
  ) as Record<(typeof COLUMNS)[number], number>;
  if (index.phone === -1) return { entries: [], refused: [{ line: 1, reason: 'the header has no "phone" column' }] };
  const byPhone = new Map<string, RosterEntry>();
  const refused: RosterReading['refused'] = [];
  for (const [i, row] of body.entries()) {
    const line = i + 2;
    if (row.every((cell) => cell.trim() === '')) continue;
    const cell = (column: (typeof COLUMNS)[number]) => {
      const value = index[column] === -1 ? '' : (row[index[column]] ?? '').trim();
      return value === '' ? null : value;
    };
    const phone = normaliseNumber(cell('phone') ?? '', country);
    const email = cell('email');
    if (typeof phone !== 'string') refused.push({ line, reason: phone.refused });
    else if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      refused.push({ line, reason: `"${email}" is not an email address` });
    } else byPhone.set(phone, { phone, name: cell('name'), cohort: cell('cohort'), email });
  }
  return { entries: [...byPhone.values()], refused };
}

/** A cohort's join code: 8 letters and digits, none that read alike (0/O, 1/I/L). */
export function joinCode(random: (size: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return [...random(8)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export function notEnrolledReply(formUrl: string | undefined): string {
  const form = formUrl ? ` Ask for access here: ${formUrl}` : ' Ask your school for access.';
  return `Hi! DataDrill is for learners of the school's programme, and this number is not on its list yet.${form} If you have a join code, send *join <code>*.`;
}

export function joinedReply(cohort: string): string {
  return `You're in: welcome to *${cohort}*! Send a topic, e.g. *python easy*, for your first challenge, or *help* for the menu.`;
}

export function unknownJoinCodeReply(): string {
  return "That join code isn't valid (or has expired). Check it with your school, then send *join <code>* again.";
}
