import type { DeliveryReport, PriceCheckJob } from '../jobs/catalog.js';
import type { Logger } from '../shared/logger.js';

/**
 * Twilio's price of a message we sent. Status callbacks carry none; the Message resource does once
 * the message is final, though often only minutes later (null until then). So a final status
 * schedules a check, and a check that finds no price yet schedules the next, each twice as late,
 * until PRICE_CHECKS have been made; then the message stays unpriced, quietly.
 */
export const PRICE_CHECKS = 5;

/** Statuses after which Twilio prices a message. */
const FINAL = new Set<DeliveryReport['status']>(['delivered', 'read', 'undelivered', 'failed']);

/** What Twilio says of a message's price. */
export type TwilioPrice = { price: string; unit: string } | 'not yet' | 'gone';

export interface PriceDeps {
  /** Twilio's Message resource: its price once it has one; `gone` when Twilio no longer holds it. */
  fetchPrice(messageSid: string): Promise<TwilioPrice>;
  /** Our row's price: `missing` when no row has the SID (not ours, erased, or not stored yet). */
  storedPrice(messageSid: string): Promise<'priced' | 'unpriced' | 'missing'>;
  recordPrice(messageSid: string, price: { price: string; unit: string }): Promise<void>;
  /** Queues check number `check` of the message, `delayMs` from now. */
  schedule(job: PriceCheckJob, delayMs: number): Promise<void>;
  /** The wait before the first check; each later one waits twice the one before. */
  firstCheckMs: number;
  log: Logger;
}

/** The wait before check `check` (1 is the first), or undefined once every check was made. */
export function priceCheckDelay(check: number, firstCheckMs: number): number | undefined {
  return check >= 1 && check <= PRICE_CHECKS ? firstCheckMs * 2 ** (check - 1) : undefined;
}

/** A status report that makes the message's price worth asking for: the first check, once it is final. */
export async function schedulePriceCheck(deps: Pick<PriceDeps, 'schedule' | 'firstCheckMs'>, report: DeliveryReport) {
  if (!FINAL.has(report.status)) return;
  await deps.schedule({ messageSid: report.messageSid, check: 1 }, deps.firstCheckMs);
}

/** One check: store the price if Twilio has one, else schedule the next check or give up. */
export async function checkPrice(deps: PriceDeps, job: PriceCheckJob): Promise<void> {
  const stored = await deps.storedPrice(job.messageSid);
  if (stored === 'priced') return;
  if (stored === 'unpriced') {
    const price = await deps.fetchPrice(job.messageSid);
    if (price === 'gone') return;
    if (price !== 'not yet') {
      await deps.recordPrice(job.messageSid, price);
      return;
    }
  }
  const next = priceCheckDelay(job.check + 1, deps.firstCheckMs);
  if (next === undefined) {
    deps.log.debug({ outboundSid: job.messageSid, checks: job.check, stored }, 'Twilio reported no price; given up');
    return;
  }
  await deps.schedule({ messageSid: job.messageSid, check: job.check + 1 }, next);
}
