import { describe, expect, it } from 'vitest';
import type { PriceCheckJob } from '../jobs/catalog.js';
import { createLogger } from '../shared/logger.js';
import { checkPrice, PRICE_CHECKS, type PriceDeps, priceCheckDelay, schedulePriceCheck } from './message-price.js';

const SID = `SM${'b'.repeat(32)}`;

function fakes(
  answers: Array<Awaited<ReturnType<PriceDeps['fetchPrice']>>>,
  stored: 'priced' | 'unpriced' | 'missing',
) {
  const scheduled: Array<[PriceCheckJob, number]> = [];
  const recorded: unknown[] = [];
  let fetches = 0;
  const deps: PriceDeps = {
    fetchPrice: async () => answers[fetches++] ?? 'not yet',
    storedPrice: async () => stored,
    recordPrice: async (sid, price) => void recorded.push([sid, price]),
    schedule: async (job, delayMs) => void scheduled.push([job, delayMs]),
    firstCheckMs: 60_000,
    log: createLogger({ name: 'test', level: 'silent' }),
  };
  return { deps, scheduled, recorded, fetches: () => fetches };
}

describe("Twilio's price of a message", () => {
  it('is first asked for a minute after a final status, and never for one still on its way', async () => {
    const { deps, scheduled } = fakes([], 'unpriced');
    for (const status of ['queued', 'sent', 'delivered', 'read', 'undelivered', 'failed'] as const) {
      await schedulePriceCheck(deps, { messageSid: SID, status });
    }
    expect(scheduled.map(([job, delay]) => [job.check, delay])).toEqual([
      [1, 60_000],
      [1, 60_000],
      [1, 60_000],
      [1, 60_000],
    ]);
  });

  it('is stored as soon as Twilio reports one', async () => {
    const { deps, scheduled, recorded } = fakes([{ price: '-0.00500', unit: 'USD' }], 'unpriced');
    await checkPrice(deps, { messageSid: SID, check: 1 });
    expect(recorded).toEqual([[SID, { price: '-0.00500', unit: 'USD' }]]);
    expect(scheduled).toEqual([]);
  });

  it('is asked for again, each time twice as late, while Twilio has none, then given up quietly', async () => {
    expect([1, 2, 3, 4, 5, 6].map((check) => priceCheckDelay(check, 60_000))).toEqual([
      60_000,
      120_000,
      240_000,
      480_000,
      960_000,
      undefined,
    ]);
    const waiting = fakes(['not yet'], 'unpriced');
    await checkPrice(waiting.deps, { messageSid: SID, check: 2 });
    expect(waiting.scheduled).toEqual([[{ messageSid: SID, check: 3 }, 240_000]]);
    const last = fakes(['not yet'], 'unpriced');
    await checkPrice(last.deps, { messageSid: SID, check: PRICE_CHECKS });
    expect(last.scheduled).toEqual([]);
    expect(last.recorded).toEqual([]);
  });

  it('asks Twilio nothing for a message already priced, and stops for one Twilio no longer holds', async () => {
    const priced = fakes([], 'priced');
    await checkPrice(priced.deps, { messageSid: SID, check: 1 });
    expect([priced.fetches(), priced.scheduled.length]).toEqual([0, 0]);
    const gone = fakes(['gone'], 'unpriced');
    await checkPrice(gone.deps, { messageSid: SID, check: 1 });
    expect([gone.scheduled.length, gone.recorded.length]).toEqual([0, 0]);
    // A row not stored yet (a report can overtake the SID) is looked for at the next check.
    const missing = fakes([], 'missing');
    await checkPrice(missing.deps, { messageSid: SID, check: 1 });
    expect([missing.fetches(), missing.scheduled.length]).toEqual([0, 1]);
  });
});
