import { EventEmitter } from 'node:events';
import type { RenderedContent } from '@datadrill/fake-twilio';

/** A file shown in a bubble: an image, a PDF, a voice note. `url` is one the page can load. */
export interface ChatMedia {
  url: string;
  contentType: string;
  name?: string | undefined;
}

/** One bubble in the simulator: what a learner typed, tapped or attached, or what the bot sent back. */
export interface ChatEvent {
  id: string;
  kind: 'learner' | 'bot';
  number: string;
  text: string;
  at: string;
  /**
   * learner: sending → queued (the ingress said 200) → answered (the bot has replied since) | refused;
   * bot: sent (the fake Twilio accepted it) → read (a page showed it, and told the bot as WhatsApp does).
   */
  status: 'sending' | 'queued' | 'answered' | 'refused' | 'sent' | 'read';
  detail?: string | undefined;
  /** bot: the buttons or list WhatsApp draws under a ContentSid message. */
  content?: RenderedContent | undefined;
  /** bot: the id of the quick-reply button tapped (WhatsApp lets each message's buttons be tapped once). */
  tapped?: string | undefined;
  /** learner: the bot message whose button or list row this tap answers. */
  repliedTo?: string | undefined;
  media?: ChatMedia[] | undefined;
}

/** A file in the mentors' channel (uploaded into a ticket's thread). */
export interface DeskFile {
  url: string;
  name: string;
  contentType: string;
}

/** A message in the local mentors' channel: the bot's posts and the mentor's replies, by Slack ts. */
export interface MentorDeskPost {
  id: string;
  /** The ticket's head post this belongs to; absent for a head post. */
  threadTs?: string | undefined;
  author: 'bot' | 'mentor';
  text: string;
  at: string;
  files?: DeskFile[] | undefined;
}

const HISTORY_LIMIT = 2000;

/**
 * Everything said in the simulator since it started (the chats, or the mentors' channel),
 * pushed to every open page as it happens.
 */
export class Conversation<E extends { id: string } = ChatEvent> extends EventEmitter<{ event: [E] }> {
  private readonly events: E[] = [];

  history(): readonly E[] {
    return this.events;
  }

  find(id: string): E | undefined {
    return this.events.find((event) => event.id === id);
  }

  /** Adds an event, or replaces the one with the same id (a status change). */
  publish(event: E): void {
    const index = this.events.findIndex((existing) => existing.id === event.id);
    if (index >= 0) this.events[index] = event;
    else this.events.push(event);
    if (this.events.length > HISTORY_LIMIT) this.events.shift();
    this.emit('event', event);
  }
}
