import type { OutboundMessage, OutboundStore, Outbox } from '../outbound/ports.js';
import { queueNotice } from '../outbound/send-outbound.js';
import { ANSWER_TEMPLATE_TEXT } from '../replies/replies.js';
import type { DeskQueue, TicketStore } from './ports.js';
import { answerFailedNote, deliveredLaterNote, heldNote } from './slack-texts.js';

/** Twilio's "outside the 24-hour session window": WhatsApp takes only templates until the learner writes. */
export const OUTSIDE_SESSION_WINDOW = 63016;

/** What becomes of a mentor's answer as its WhatsApp messages are sent or refused. */
export interface AnswerDeliveries {
  sent(answerId: number): Promise<void>;
  undeliverable(message: OutboundMessage, reason: string, code: number | undefined): Promise<void>;
}

export interface AnswerDeliveryDeps {
  tickets: Pick<TicketStore, 'answerSent' | 'answerHeld' | 'answerFailed'>;
  outbound: Pick<OutboundStore, 'createNotice'>;
  outbox: Outbox;
  queue: DeskQueue;
  now: () => Date;
  answerTemplateSid?: string | undefined;
}

/**
 * An answer refused for the session window is kept (the learner's next message releases it)
 * and, with an approved template, the learner is invited to write; any other refusal is final.
 * The mentor hears of either in the ticket's thread.
 */
export function createAnswerDeliveries(deps: AnswerDeliveryDeps): AnswerDeliveries {
  const note = (ticketId: number, text: string) => deps.queue.enqueue({ kind: 'note', ticketId, text });
  return {
    async sent(answerId) {
      const sent = await deps.tickets.answerSent(answerId);
      if (sent?.wasHeld) await note(sent.ticket.id, deliveredLaterNote());
    },

    async undeliverable(message, reason, code) {
      const answerId = message.answerId;
      if (answerId === null) return;
      if (code !== OUTSIDE_SESSION_WINDOW) {
        const ticket = await deps.tickets.answerFailed(answerId, reason);
        if (ticket) await note(ticket.id, answerFailedNote(reason));
        return;
      }
      const ticket = await deps.tickets.answerHeld(answerId, deps.now());
      if (!ticket) return;
      const template = deps.answerTemplateSid;
      if (template) {
        await queueNotice(deps.outbound, deps.outbox, ticket.address, ANSWER_TEMPLATE_TEXT, template);
      }
      await note(ticket.id, heldNote(Boolean(template)));
    },
  };
}
