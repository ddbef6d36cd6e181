import { maskPhone } from '../learner/phone.js';
import { undeliveredReply } from '../replies/replies.js';
import { splitReply } from '../replies/split-reply.js';
import {
  type Attempt,
  type InboundDeps,
  type Interaction,
  type InteractionStatus,
  PermanentDeliveryError,
  TransientDeliveryError,
} from './ports.js';

/**
 * Sends a recorded reply. A transient failure is rethrown while the queue will retry
 * (with backoff); after the last attempt, or on a permanent failure, the interaction is
 * marked failed, which refunds a challenge, and the learner is told if we can reach them.
 */
export async function deliver(
  deps: InboundDeps,
  to: string,
  interaction: Interaction,
  attempt: Attempt,
): Promise<InteractionStatus> {
  const learner = maskPhone(to);
  try {
    const sids: string[] = [];
    for (const part of splitReply(interaction.reply)) sids.push((await deps.messenger.send(to, part)).sid);
    const status = interaction.outcome === 'limited' ? 'limited' : 'sent';
    await deps.store.markDelivered(interaction.id, status, sids.join(','));
    deps.log.info({ interaction: interaction.id, learner, outboundSids: sids }, 'reply sent');
    return status;
  } catch (error) {
    if (!(error instanceof TransientDeliveryError || error instanceof PermanentDeliveryError)) throw error;
    if (error instanceof TransientDeliveryError && !attempt.final) {
      deps.log.warn({ interaction: interaction.id, learner, reason: error.message }, 'reply not sent yet, will retry');
      throw error;
    }
    await deps.store.markFailed(interaction.id, error.message);
    deps.log.warn({ interaction: interaction.id, learner, reason: error.message }, 'reply could not be delivered');
    if (interaction.counted) await tellUndelivered(deps, to, interaction.id);
    return 'failed';
  }
}

async function tellUndelivered(deps: InboundDeps, to: string, interactionId: number): Promise<void> {
  try {
    await deps.messenger.send(to, undeliveredReply());
  } catch (error) {
    deps.log.warn(
      { interaction: interactionId, reason: (error as Error).message },
      'could not tell the learner either',
    );
  }
}
