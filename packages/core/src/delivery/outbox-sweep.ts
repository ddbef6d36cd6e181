import { maskPhone } from '../shared/phone.js';
import type { DeliveryDeps, OutboundMessage } from './ports.js';
import { failDelivery, settleSent } from './send-outbound.js';

export interface OutboxSweepSettings {
  /** A message pending or sending untouched for this long has lost its job (or is waiting out an outage). */
  staleAfterMs: number;
  /** WhatsApp's window: a message this old is never sent, and its challenge is refunded. */
  giveUpAfterMs: number;
}

/** Rows looked at per run; a backlog larger than this is worked through over the next runs. */
const SWEEP_BATCH = 500;
/** Kept failure reports whose SID never arrived are forgotten after this long. */
const EARLY_REPORT_TTL_MS = 24 * 60 * 60_000;

/**
 * Finds messages whose job was lost (a crash outside the send's error path, a job removed from
 * Redis, an enqueue that failed after its row was written) and hands them to the queue again. A
 * message left `sending` is looked up at Twilio first, so the sweep never sends one twice.
 */
export async function sweepOutbox(deps: DeliveryDeps, settings: OutboxSweepSettings): Promise<void> {
  const now = deps.clock.now().getTime();
  const stale = await deps.store.stale(new Date(now - settings.staleAfterMs), SWEEP_BATCH);
  let requeued = 0;
  for (const message of stale) {
    if (await sweepOne(deps, message, now - message.createdAt.getTime() > settings.giveUpAfterMs)) requeued++;
  }
  if (requeued > 0) deps.log.warn({ requeued, stale: stale.length }, 'outbox sweep queued messages whose job was lost');
  await deps.store.forgetEarlyReports(new Date(now - EARLY_REPORT_TTL_MS));
}

/** True when the message was queued again. */
async function sweepOne(deps: DeliveryDeps, message: OutboundMessage, expired: boolean): Promise<boolean> {
  if (message.status === 'sending') {
    const sid = await deps.messenger.findSent(message, message.updatedAt);
    if (sid) {
      await settleSent(deps, message, sid);
      return false;
    }
  }
  if (expired) {
    deps.log.warn(
      { outbound: message.id, learner: maskPhone(message.to) },
      'message never sent within the window; refunded',
    );
    await failDelivery(deps, message, 'not sent within 24 hours', undefined);
    return false;
  }
  if (message.status === 'sending') await deps.store.release(message.id);
  return (await deps.outbox.requeue(message.id)) === 'queued';
}
