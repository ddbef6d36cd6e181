import { randomUUID } from 'node:crypto';
import type { FakeTwilio } from '@datadrill/fake-twilio';
import type { ChatEvent, ChatMedia, Conversation } from './conversation.js';
import type { SimulatorEnv } from './env.js';
import type { PhoneFile } from './phone-files.js';
import { postInbound } from './webhook-client.js';

/** What became of a message a phone sent: the ingress's answer (202 when it queued it). */
interface Sent {
  id: string;
  status: number;
  detail: string;
}

interface PhoneDeps {
  env: SimulatorEnv;
  conversation: Conversation;
  twilio: FakeTwilio;
}

/**
 * The learners' phones: what they type, tap and attach reaches the ingress as Twilio posts it
 * (each shown first as the learner's bubble), and what they see is reported back as WhatsApp does.
 */
export function simulatedPhones({ env, conversation, twilio }: PhoneDeps) {
  /** Shows the learner's bubble, posts the signed webhook, and ticks the bubble with what the ingress said. */
  async function send(
    number: string,
    text: string,
    extra: Record<string, string> = {},
    shown: Partial<ChatEvent> = {},
  ): Promise<Sent> {
    const event: ChatEvent = {
      id: randomUUID(),
      kind: 'learner',
      number,
      text,
      at: new Date().toISOString(),
      status: 'sending',
      ...shown,
    };
    conversation.publish(event);
    const response = await postInbound(env, `whatsapp:${number}`, text, extra).catch((error: Error) => error);
    const queued = !(response instanceof Error) && response.ok;
    const detail =
      response instanceof Error ? `ingress unreachable: ${response.message}` : `ingress answered ${response.status}`;
    conversation.publish({ ...event, status: queued ? 'queued' : 'refused', detail });
    return { id: event.id, status: queued ? 202 : 502, detail };
  }

  return {
    send: (number: string, text: string) => send(number, text),

    /**
     * A tap on a bot message's quick-reply button or list row, with the fields Twilio posts for it.
     * A message's buttons take one tap (WhatsApp greys them after it); a list can be opened again.
     */
    async tap(number: string, messageSid: string, id: string): Promise<Sent | { status: 404 | 409; detail: string }> {
      const message = conversation.find(messageSid);
      const content = message?.kind === 'bot' && message.number === number ? message.content : undefined;
      if (content?.type === 'twilio/quick-reply') {
        const button = content.buttons.find((candidate) => candidate.id === id);
        if (!button || !message) return { status: 404, detail: 'no such button on that message' };
        if (message.tapped) return { status: 409, detail: 'this message was already answered with a tap' };
        conversation.publish({ ...message, tapped: id });
        const fields = {
          ButtonText: button.title,
          ButtonPayload: button.id,
          MessageType: 'button',
          OriginalRepliedMessageSid: messageSid,
        };
        return send(number, button.title, fields, { repliedTo: messageSid });
      }
      if (content?.type === 'twilio/list-picker') {
        const row = content.items.find((candidate) => candidate.id === id);
        if (!row) return { status: 404, detail: 'no such row in that list' };
        const fields = {
          ListId: row.id,
          ListTitle: row.item,
          MessageType: 'interactive',
          OriginalRepliedMessageSid: messageSid,
        };
        return send(number, row.item, fields, { repliedTo: messageSid });
      }
      return { status: 404, detail: 'no bot message with buttons or a list by that SID in this chat' };
    },

    /**
     * A photo, PDF or voice note with its caption: the fake Twilio holds the file (served to the bot
     * with Basic auth, as Twilio serves MediaUrl0) and the webhook carries NumMedia and MediaUrl0.
     */
    attach(number: string, caption: string, file: PhoneFile): Promise<Sent> {
      const fields = twilio.media.inbound([{ bytes: file.bytes, contentType: file.contentType }]);
      const shown: ChatMedia = { url: `/api/files/${file.id}`, contentType: file.contentType, name: file.name };
      return send(number, caption, { ...fields, MessageType: messageTypeOf(file.contentType) }, { media: [shown] });
    },

    /** What the fake Twilio fetched from a bot message's MediaUrl, to show in its bubble. */
    botFile(messageSid: string): { contentType: string; bytes: Buffer } | undefined {
      const fetched = twilio.messages.find((message) => message.sid === messageSid)?.media?.[0];
      return fetched && fetched.status === 200 ? fetched : undefined;
    },

    /**
     * The page showed these bot messages: WhatsApp tells Twilio, which reports `delivered` then
     * `read` to the message's StatusCallback, and the bubble gets its blue ticks.
     */
    async read(ids: readonly string[]): Promise<void> {
      const statusUrl = `${env.INGRESS_URL ?? env.PUBLIC_URL}/twilio/status`;
      for (const id of ids) {
        const event = conversation.find(id);
        const message = twilio.messages.find((candidate) => candidate.sid === id);
        if (event?.kind !== 'bot' || event.status !== 'sent' || !message) continue;
        conversation.publish({ ...event, status: 'read', detail: `${id}: shown to the learner` });
        if (!message.statusCallback) continue;
        const told = await twilio
          .reportStatus(message, 'delivered', { postTo: statusUrl })
          .then(() => twilio.reportStatus(message, 'read', { postTo: statusUrl }))
          .then(
            (response) => `read reported to the bot (${response.status})`,
            (error: Error) => `the bot could not be told: ${error.message}`,
          );
        const latest = conversation.find(id) ?? event;
        conversation.publish({ ...latest, status: 'read', detail: `${id}: shown to the learner, ${told}` });
      }
    },
  };
}

export type Phones = ReturnType<typeof simulatedPhones>;

/** Twilio's MessageType for a WhatsApp media message. */
function messageTypeOf(contentType: string): string {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  return 'document';
}
