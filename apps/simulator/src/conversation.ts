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

const HISTORY_LIMIT = 2000;

/** Everything said in the simulator since it started, pushed to every open page as it happens. */
export class Conversation extends EventEmitter<{ event: [ChatEvent] }> {
  private readonly events: ChatEvent[] = [];

  history(): readonly ChatEvent[] {
    return this.events;
  }

  /** Adds a bubble, or replaces the one with the same id (a status change). */
  publish(event: ChatEvent): void {
    const index = this.events.findIndex((existing) => existing.id === event.id);
    if (index >= 0) this.events[index] = event;
    else this.events.push(event);
    if (this.events.length > HISTORY_LIMIT) this.events.shift();
    this.emit('event', event);
  }
}
