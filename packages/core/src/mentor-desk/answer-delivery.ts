import type { AnswerHooks } from '../delivery/ports.js';
import { queueNotice } from '../delivery/send-outbound.js';
import type { Clock } from '../shared/clock.js';
import type { MentorDeskDeps } from './ports.js';
import { ANSWER_TEMPLATE_TEXT } from './replies.js';
import { answerFailedNote, deliveredLaterNote, heldNote } from './slack-texts.js';

/** Twilio's "outside the 24-hour session window": WhatsApp takes only templates until the learner writes. */
export const OUTSIDE_SESSION_WINDOW = 63016;

/** `pending` while its messages go out; `held` when WhatsApp refused it outside the 24-hour window. */
export type AnswerStatus = 'pending' | 'sent' | 'held' | 'failed';

/**
 * How a mentor's answer moves, as data (repositories build their conditional UPDATEs from it). A
 * `sent` answer can still fail or be held: Twilio accepts a message and reports WhatsApp's refusal
 * later, through the status callback.
 */
export const ANSWER_TRANSITIONS = {
  sent: { from: ['pending'], to: 'sent' },
  held: { from: ['pending', 'sent'], to: 'held' },
  failed: { from: ['pending', 'sent'], to: 'failed' },
  /** The learner wrote, so the window is open: it goes out (once) with the reply. */
  release: { from: ['held'], to: 'pending' },
} as const satisfies Record<string, { from: readonly AnswerStatus[]; to: AnswerStatus }>;

export type AnswerDeliveryDeps = Pick<MentorDeskDeps, 'threads' | 'outbound' | 'outbox' | 'queue'> & {
  clock: Clock;
  answerTemplateSid?: string | undefined;
};

/**
 * An answer refused for the session window is kept (the learner's next message releases it)
 * and, with an approved template, the learner is invited to write; any other refusal is final.
 * The mentor hears of either in the ticket's thread.
 */
export function createAnswerHooks(deps: AnswerDeliveryDeps): AnswerHooks {
  const note = (ticketId: number, text: string) => deps.queue.enqueue({ kind: 'note', ticketId, text });
  return {
    async sent(answerId) {
      const sent = await deps.threads.answerSent(answerId);
      if (sent?.wasHeld) await note(sent.ticket.id, deliveredLaterNote());
    },

    async undeliverable(message, reason, code) {
      const answerId = message.answerId;
      if (answerId === null) return;
      if (code !== OUTSIDE_SESSION_WINDOW) {
        const ticket = await deps.threads.answerFailed(answerId, reason);
        if (ticket) await note(ticket.id, answerFailedNote(reason));
        return;
      }
      const ticket = await deps.threads.answerHeld(answerId, deps.clock.now());
      if (!ticket) return;
      const template = deps.answerTemplateSid;
      if (template) {
        await queueNotice(deps.outbound, deps.outbox, ticket.address, ANSWER_TEMPLATE_TEXT, template);
      }
      await note(ticket.id, heldNote(Boolean(template)));
    },
  };
}
