import type { OutboundJob } from '../jobs/catalog.js';
import { undeliveredReply } from '../learning/replies.js';
import { PermanentDeliveryError, TransientDeliveryError } from '../shared/errors.js';
import { maskPhone } from '../shared/phone.js';
import type { Attempt, DeliveryDeps, OutboundMessage, OutboundStore, Outbox } from './ports.js';
import { isUnsent } from './states.js';

/**
 * Sends one outbound message at most once. The row is claimed (pending → sending) before the
 * REST call, so a re-run never sends what was sent: a run that finds it still `sending` (the
 * previous one died mid-call) asks Twilio whether the message exists before sending again.
 * A reply's job carries its message, so its claim is one UPDATE that reads nothing.
 */
export async function sendOutbound(deps: DeliveryDeps, job: OutboundJob, attempt: Attempt): Promise<void> {
  const id = job.outboundId;
  if (job.message && (await deps.store.claimKnown(id))) {
    return send(deps, { ...job.message, id, status: 'sending', updatedAt: new Date() }, attempt);
  }
  const claim = await deps.store.claim(id);
  if (!claim || !isUnsent(claim.message.status)) return;
  const { message } = claim;
  if (!claim.claimed) {
    const sid = await deps.messenger.findSent(message.to, message.body, message.updatedAt);
    if (sid) {
      deps.log.warn({ outbound: id, outboundSid: sid }, 'found the message sent by a run that died; not sending again');
      return settleSent(deps, message, sid);
    }
  }
  return send(deps, message, attempt);
}

async function send(deps: DeliveryDeps, message: OutboundMessage, attempt: Attempt): Promise<void> {
  try {
    const { sid } = await deps.messenger.send(message);
    await settleSent(deps, message, sid);
  } catch (error) {
    await settleFailure(deps, message, error, attempt);
  }
}

async function settleSent(deps: DeliveryDeps, message: OutboundMessage, sid: string): Promise<void> {
  const settled = await deps.store.markSent(message, sid);
  if (settled && message.challenge) deps.onChallengeDelivered?.(message.challenge);
  deps.log.debug({ outbound: message.id, learner: maskPhone(message.to), outboundSid: sid }, 'message sent');
  if (message.answerId !== null) await deps.answers?.sent(message.answerId);
}

/** Transient failures go back to `pending` for the queue's backoff; the last one, or a permanent one, is final. */
async function settleFailure(deps: DeliveryDeps, message: OutboundMessage, error: unknown, attempt: Attempt) {
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
  await failDelivery(deps, message, error.message, code);
}

/** A message that will never reach the learner: refund its challenge and tell them, if WhatsApp lets us. */
export async function failDelivery(
  deps: DeliveryDeps,
  message: OutboundMessage,
  reason: string,
  code: number | undefined,
): Promise<void> {
  await deps.store.markFailed(message.id, reason, code);
  deps.log.warn({ outbound: message.id, learner: maskPhone(message.to), reason }, 'message could not be delivered');
  await deps.answers?.undeliverable(message, reason, code);
  if (message.interactionId === null) return;
  const refunded = await deps.store.failInteraction(message.interactionId, reason);
  if (refunded) await queueNotice(deps.store, deps.outbox, message.to, undeliveredReply());
}

/** A message to a learner outside any interaction (or a template): recorded, then handed to the outbound queue. */
export async function queueNotice(
  store: Pick<OutboundStore, 'createNotice'>,
  outbox: Outbox,
  to: string,
  body: string,
  contentSid?: string,
): Promise<void> {
  await outbox.enqueue([await store.createNotice(to, body, contentSid)]);
}
