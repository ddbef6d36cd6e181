import { type Attempt, PermanentDeliveryError, TransientDeliveryError } from '../inbound/ports.js';
import { maskPhone } from '../learner/phone.js';
import { undeliveredReply } from '../replies/replies.js';
import type { OutboundDeps, OutboundMessage } from './ports.js';

/**
 * Sends one outbound message at most once. The row is claimed (pending → sending) before the
 * REST call, so a re-run never sends what was sent: a run that finds it still `sending` (the
 * previous one died mid-call) asks Twilio whether the message exists before sending again.
 */
export async function sendOutbound(deps: OutboundDeps, id: number, attempt: Attempt): Promise<void> {
  const message = await deps.store.find(id);
  if (!message || message.status === 'sent' || message.status === 'failed') return;
  if (!(await deps.store.claim(id))) {
    const sid = await deps.messenger.findSent(message.to, message.body, message.updatedAt);
    if (sid) {
      deps.log.warn({ outbound: id, outboundSid: sid }, 'found the message sent by a run that died; not sending again');
      return settleSent(deps, message, sid);
    }
  }
  try {
    const { sid } = await deps.messenger.send(message.to, message.body);
    await settleSent(deps, message, sid);
  } catch (error) {
    await settleFailure(deps, message, error, attempt);
  }
}

async function settleSent(deps: OutboundDeps, message: OutboundMessage, sid: string): Promise<void> {
  await deps.store.markSent(message.id, sid);
  deps.log.info({ outbound: message.id, learner: maskPhone(message.to), outboundSid: sid }, 'message sent');
  if (message.interactionId !== null && (await deps.store.unsent(message.interactionId)).length === 0) {
    await deps.interactions.delivered(message.interactionId);
  }
}

/** Transient failures go back to `pending` for the queue's backoff; the last one, or a permanent one, is final. */
async function settleFailure(deps: OutboundDeps, message: OutboundMessage, error: unknown, attempt: Attempt) {
  const learner = maskPhone(message.to);
  const delivery = error instanceof TransientDeliveryError || error instanceof PermanentDeliveryError;
  if (!delivery || (error instanceof TransientDeliveryError && !attempt.final)) {
    await deps.store.release(message.id);
    deps.log.warn(
      { outbound: message.id, learner, reason: (error as Error).message },
      'message not sent yet, will retry',
    );
    throw error;
  }
  const code = error instanceof PermanentDeliveryError ? error.code : undefined;
  await deps.store.markFailed(message.id, error.message, code);
  deps.log.warn({ outbound: message.id, learner, reason: error.message }, 'message could not be delivered');
  if (message.interactionId === null) return;
  const refunded = await deps.interactions.failed(message.interactionId, error.message);
  if (refunded) await deps.outbox.enqueue([await deps.store.createNotice(message.to, undeliveredReply())]);
}
