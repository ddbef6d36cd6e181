import { TransientDeliveryError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { maskPhone } from '../shared/phone.js';

/** Everything about one learner held outside their MySQL rows, to remove before the rows go. */
export interface LearnerTraces {
  /** Twilio message SIDs, inbound and outbound: Twilio keeps their bodies and numbers until deleted. */
  messageSids: string[];
  /** Slack messages the bot posted about them (ticket heads, follow-ups). */
  slackPosts: string[];
  /** Files they sent for tickets that Twilio still holds (their Media resources). */
  media: string[];
  /** Their files the bot uploaded into tickets' threads. */
  slackFiles: string[];
  /** Their unsent messages still pending: the erasure waits for the confirmation to go. */
  unsent: number;
}

export interface PrivacyStore {
  traces(phone: string): Promise<LearnerTraces>;
  /**
   * Erases or irreversibly anonymises every row about the learner in one transaction, keeping only
   * the keyed hash of their number with the times of challenges still counted, and the fact of erasure.
   */
  erase(phone: string, quotaKey: string, at: Date): Promise<void>;
}

export interface ErasureDeps {
  store: PrivacyStore;
  /** Deletes a message at Twilio (a message Twilio no longer holds is already gone). */
  deleteMessage(sid: string): Promise<void>;
  /** Deletes a file at Twilio (its Media resource; one already gone is fine). */
  deleteMedia(url: string): Promise<void>;
  /** Deletes one of the bot's posts in the mentors' channel, when the desk is configured. */
  deletePost?: ((ts: string) => Promise<void>) | undefined;
  /** Deletes a file the bot uploaded to the mentors' channel, when the desk is configured. */
  deleteSlackFile?: ((fileId: string) => Promise<void>) | undefined;
  /** The keyed one-way hash of a number (the daily limit outlives erasure by at most 24 hours). */
  quotaKey(phone: string): string;
  now(): Date;
  log: Logger;
}

/**
 * Thrown while the learner's confirmation is still on its way: the job waits, as for an outage,
 * spending no attempt (a backlog or an outage may hold the confirmation for minutes).
 */
export class ConfirmationPendingError extends TransientDeliveryError {
  override name = 'ConfirmationPendingError';
  constructor(message: string) {
    super(message, { service: 'privacy' });
  }
}

/** Twilio's message SIDs: scheduled sends have made-up inbound ids that Twilio never held. */
const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

/**
 * Erases one learner: their Slack posts, their messages at Twilio, then every row in MySQL. Safe to
 * run again (each step skips what is gone), so a failure half-way is finished by the retry.
 */
export async function eraseLearner(deps: ErasureDeps, phone: string, options: { waitForUnsent: boolean }) {
  const traces = await deps.store.traces(phone);
  if (options.waitForUnsent && traces.unsent > 0)
    throw new ConfirmationPendingError('the confirmation is not sent yet');
  for (const ts of traces.slackPosts) await deps.deletePost?.(ts);
  for (const fileId of traces.slackFiles) await deps.deleteSlackFile?.(fileId);
  // Before their messages: deleting a message takes its media with it, but a file is asked for by itself.
  for (const url of traces.media) await deps.deleteMedia(url);
  for (const sid of traces.messageSids.filter((sid) => MESSAGE_SID.test(sid))) await deps.deleteMessage(sid);
  await deps.store.erase(phone, deps.quotaKey(phone), deps.now());
  deps.log.info(
    {
      learner: maskPhone(phone),
      twilioMessages: traces.messageSids.length,
      twilioMedia: traces.media.length,
      slackPosts: traces.slackPosts.length,
    },
    'learner erased',
  );
}
