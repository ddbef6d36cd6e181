import { normaliseNumber } from '@datadrill/core';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/** Where a national number (0825550102) is from: an ISO country code, e.g. ZA, NG, KE. */
export const countryEnv = {
  DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. ZA')
    .optional(),
};

/** The learner a school command names (its first argument), as E.164 digits; exits 2 with its usage otherwise. */
export function phoneArgument(command: string, country: string | undefined): string {
  const phone = normaliseNumber(process.argv[2] ?? '', country as CountryCode | undefined);
  if (typeof phone === 'string') return phone;
  console.error(`usage: pnpm ${command} <phone> (${phone.refused})`);
  process.exit(2);
}
