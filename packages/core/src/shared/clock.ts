/** Time as the use cases see it: passed in, so the 24-hour window is tested without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
