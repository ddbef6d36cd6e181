import type { OpenTicket, TicketQueueState } from '../learning/snapshot.js';

/** Mentors' usual pace is judged over this window. */
export const ANSWER_PACE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Where a ticket stands, for the learner's confirmation. */
export interface QueueStanding {
  /** Place among unanswered open tickets (1 = next); null once a mentor has answered it. */
  position: number | null;
  /** Median time from asking to a first answer over the last 7 days; null without answers. */
  medianFirstAnswerMs: number | null;
}

/**
 * The standing of an open ticket, or (`ticket` undefined) of the one being opened now, which
 * joins the queue behind every unanswered ticket.
 */
export function queueStanding(queue: TicketQueueState, ticket: OpenTicket | undefined): QueueStanding {
  const position = !ticket
    ? queue.unansweredIds.length + 1
    : ticket.answered
      ? null
      : queue.unansweredIds.filter((id) => id <= ticket.id).length;
  return { position, medianFirstAnswerMs: median(queue.recentFirstAnswerMs) };
}

/** The median of some durations (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}
