import type { OutboundJob } from '../jobs/catalog.js';
import { undeliveredReply } from '../learning/replies.js';
import { PermanentDeliveryError, TransientDeliveryError } from '../shared/errors.js';
import { maskPhone, maskPhonesIn } from '../shared/phone.js';
import type { Attempt, DeliveryDeps, OutboundMessage, OutboundStore, Outbox } from './ports.js';
import { isFailure, isRecipientRefusal, isUnsent, reportReason, UNSUBSCRIBED } from './states.js';

/**
 * Sends one outbound message at most once. The row is claimed (pending → sending) before the
 * REST call, so a re-run never sends what was sent: a run that finds it still `sending` (the
 * previous one died mid-call, or Twilio's answer was lost) asks Twilio whether the message exists
 * before sending again. A reply's job carries its message, so its claim is one UPDATE that reads nothing.
 */
export async function sendOutbound(deps: DeliveryDeps, job: OutboundJob, attempt: Attempt): Promise<void> {
  await sendOne(deps, job, attempt);
  // Settled (sent, found, failed or not ours to send): the reply's next message may go. A re-run
  // queues it again, which its job id makes a no-op.
  const [next, ...rest] = job.later ?? [];
  if (next) await deps.outbox.enqueueMessages([{ ...next, later: rest }]);
}

/** Messages as jobs that run one after the other: the first, carrying the rest (after any it already carried). */
export function inOrder(jobs: readonly OutboundJob[]): OutboundJob[] {
  const [first, ...rest] = jobs;
  if (!first) return [];
  const later = [...(first.later ?? []), ...rest.map(({ outboundId, message }) => ({ outboundId, message }))];
  return [{ ...first, later }];
}

async function sendOne(deps: DeliveryDeps, job: OutboundJob, attempt: Attempt): Promise<void> {
  const id = job.outboundId;
  if (job.message && (await deps.store.claimKnown(id))) {
    const now = deps.clock.now();
    const sending = { ...job.message, id, status: 'sending' as const, updatedAt: now, createdAt: now };
    return send(deps, { ...sending, initiatedBy: 'learner', recipientOptedOut: false }, attempt);
  }
  const claim = await deps.store.claim(id);
  if (!claim || !isUnsent(claim.message.status)) return;
  const { message } = claim;
  if (!claim.claimed && message.status === 'pending' && message.recipientOptedOut && message.initiatedBy === 'bot') {
    // Consent refused the claim: the learner opted out after this message was queued.
    deps.log.info({ outbound: id, learner: maskPhone(message.to) }, 'not sent: the learner opted out');
    await deps.store.markFailed(id, 'not sent: the recipient opted out', undefined);
    if (message.interactionId !== null) await deps.store.failInteraction(message.interactionId, 'recipient opted out');
    // A mentor's answer: the mentor hears of it in the thread.
    await deps.answers?.undeliverable(message, 'the learner opted out (STOP)', undefined);
    return;
  }
  if (!claim.claimed) {
    const sid = await deps.messenger.findSent(message, message.updatedAt);
    if (sid) {
      deps.log.warn({ outbound: id, outboundSid: sid }, 'found the message at Twilio; not sending it again');
      return settleSent(deps, message, sid);
    }
  }
  return send(deps, message, attempt);
}

async function send(deps: DeliveryDeps, message: OutboundMessage, attempt: Attempt): Promise<void> {
  let sid: string;
  try {
    ({ sid } = await deps.messenger.send(message));
  } catch (error) {
    return settleFailure(deps, message, error, attempt);
  }
  // Twilio has it: a failure to record that leaves the row `sending`, and the next run finds it at Twilio.
  await settleSent(deps, message, sid);
}

export async function settleSent(deps: DeliveryDeps, message: OutboundMessage, sid: string): Promise<void> {
  const { settled, early } = await deps.store.markSent(message, sid);
  if (settled && message.challenge) deps.onChallengeDelivered?.(message.challenge);
  deps.log.debug({ outbound: message.id, learner: maskPhone(message.to), outboundSid: sid }, 'message sent');
  if (message.answerId !== null) await deps.answers?.sent(message.answerId);
  // Twilio's failure report overtook the SID: it applies now.
  if (early && isFailure(early.status)) await failDelivery(deps, message, reportReason(early), early.errorCode);
}

/**
 * A refusal that proves Twilio accepted nothing goes back to `pending`; one whose outcome is unknown
 * (a timeout, a reset, a 5xx) stays `sending`, so the next run looks for it at Twilio first. Either
 * way the queue runs the job again once the outage ends. A permanent refusal is final.
 */
async function settleFailure(deps: DeliveryDeps, message: OutboundMessage, error: unknown, attempt: Attempt) {
  const learner = maskPhone(message.to);
  const reason = (error as Error).message;
  if (error instanceof PermanentDeliveryError) return failDelivery(deps, message, reason, error.code);
  const unknownOutcome = !(error instanceof TransientDeliveryError) || error.mayHaveBeenAccepted;
  if (!unknownOutcome) await deps.store.release(message.id);
  deps.log.warn(
    { outbound: message.id, learner, reason, final: attempt.final },
    unknownOutcome
      ? 'Twilio may have the message; it will be looked up before any resend'
      : 'message not sent yet, will retry',
  );
  throw error;
}

/**
 * A message that will never reach the learner: refund its challenge and tell them, unless the
 * refusal was about the recipient (an invalid or unsubscribed number, outside the window), where
 * a notice through the same channel would be refused too.
 */
export async function failDelivery(
  deps: DeliveryDeps,
  message: OutboundMessage,
  reason: string,
  code: number | undefined,
): Promise<void> {
  // Twilio's error texts quote the number: stored, logged and shown to mentors masked.
  const masked = maskPhonesIn(reason);
  if (code === UNSUBSCRIBED) await deps.store.optOut(message.to, 'twilio_21610', deps.clock.now());
  return settleFailed(deps, message, masked, code);
}

async function settleFailed(deps: DeliveryDeps, message: OutboundMessage, reason: string, code: number | undefined) {
  await deps.store.markFailed(message.id, reason, code);
  deps.log.warn({ outbound: message.id, learner: maskPhone(message.to), reason }, 'message could not be delivered');
  await deps.answers?.undeliverable(message, reason, code);
  if (message.interactionId === null) return;
  const refunded = await deps.store.failInteraction(message.interactionId, reason);
  if (refunded && !isRecipientRefusal(code)) await queueNotice(deps.store, deps.outbox, message.to, undeliveredReply());
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
