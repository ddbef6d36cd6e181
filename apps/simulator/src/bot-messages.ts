import type { FakeTwilio, SentMessage } from '@datadrill/fake-twilio';
import type { ChatEvent, ChatMedia, Conversation } from './conversation.js';

/** The bubble a message the bot sent makes: its text, its buttons or list, its file. */
function botEvent(message: SentMessage): ChatEvent {
  return {
    id: message.sid,
    kind: 'bot',
    number: message.to.replace(/^whatsapp:/, ''),
    text: message.body,
    at: message.receivedAt.toISOString(),
    status: 'sent',
    detail: `${message.sid}: accepted by the fake Twilio`,
    content: message.content?.type === 'twilio/text' ? undefined : message.content,
    media: botMedia(message),
  };
}

/**
 * A bot message's file (a mentor's image or PDF), drawn from what the fake Twilio fetched from its
 * MediaUrl, as WhatsApp shows what Twilio fetched (the page need not reach the bot's signed link).
 */
function botMedia(message: SentMessage): ChatMedia[] | undefined {
  if (!message.params.MediaUrl) return undefined;
  const fetched = message.media?.[0];
  if (!fetched) return [{ url: '', contentType: 'application/x-pending', name: 'fetching the file…' }];
  if (fetched.status !== 200) {
    const why = fetched.error ?? `HTTP ${fetched.status}`;
    return [{ url: '', contentType: 'application/x-failed', name: `Twilio could not fetch the file (${why})` }];
  }
  const contentType = (fetched.contentType.split(';')[0] ?? '').trim().toLowerCase();
  return [{ url: `/api/bot-media/${message.sid}`, contentType, name: nameOf(fetched.url, contentType) }];
}

function nameOf(url: string, contentType: string): string {
  const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  if (/\.[a-z0-9]{2,4}$/i.test(last)) return last;
  return contentType === 'application/pdf' ? 'document.pdf' : 'file';
}

/**
 * Shows every message the bot sends in its learner's chat; the learner's earlier messages then
 * get WhatsApp's double tick (the bot has answered since).
 */
export function followBot(twilio: FakeTwilio, conversation: Conversation): void {
  twilio.on('message', (message) => {
    const event = botEvent(message);
    for (const earlier of conversation.history()) {
      if (earlier.kind === 'learner' && earlier.number === event.number && earlier.status === 'queued') {
        conversation.publish({
          ...earlier,
          status: 'answered',
          detail: `${earlier.detail}; the bot has replied since`,
        });
      }
    }
    conversation.publish(event);
  });
  // The file comes a moment later (Twilio fetches the MediaUrl first): redraw the bubble with it.
  twilio.on('media', (message) => {
    const shown = conversation.find(message.sid);
    if (shown) conversation.publish({ ...shown, media: botMedia(message) });
  });
}
