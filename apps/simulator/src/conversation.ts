import { EventEmitter } from 'node:events';

/** One bubble in the simulator: what a learner typed, or what the bot sent back. */
export interface ChatEvent {
  id: string;
  kind: 'learner' | 'bot';
  number: string;
  text: string;
  at: string;
  /** learner: sending → queued (ingress said 200) | refused; bot: delivered (the fake Twilio accepted it). */
  status: 'sending' | 'queued' | 'refused' | 'delivered';
  detail?: string;
}

/** A message in the local mentors' channel: the bot's posts and the mentor's replies, by Slack ts. */
export interface MentorDeskPost {
  id: string;
  /** The ticket's head post this belongs to; absent for a head post. */
  threadTs?: string | undefined;
  author: 'bot' | 'mentor';
  text: string;
  at: string;
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

  /** Adds an event, or replaces the one with the same id (a status change). */
  publish(event: E): void {
    const index = this.events.findIndex((existing) => existing.id === event.id);
    if (index >= 0) this.events[index] = event;
    else this.events.push(event);
    if (this.events.length > HISTORY_LIMIT) this.events.shift();
    this.emit('event', event);
  }
}
