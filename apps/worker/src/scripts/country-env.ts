import { z } from 'zod';

/** Where a national number (0825550102) is from: an ISO country code, e.g. ZA, NG, KE. */
export const countryEnv = {
  DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. ZA')
    .optional(),
};
