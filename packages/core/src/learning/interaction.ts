import type { Difficulty, Topic } from './catalog.js';
import type { CommandKind } from './commands/command.js';

/** What the bot answered: analysts read it; `limited` also becomes the delivered status. */
export const OUTCOMES = [
  'challenge',
  'limited',
  'empty_cell',
  'menu',
  'topics',
  'hint',
  'solution',
  'solution_locked',
  'unknown_code',
  'suggestion',
  'flood_notice',
  'tap_expired',
  'not_understood',
  'ticket_opened',
  'ticket_follow_up',
  'ticket_limit',
  'ask_empty',
  'desk_unavailable',
  'open',
  'answer_right',
  'answer_wrong',
  'answer_revealed',
  'answer_unreadable',
  'answer_none',
  'answer_closed',
  'progress',
  'timezone_set',
  'timezone_unknown',
  'smalltalk',
  'review_none',
  'opted_out',
  'opted_in',
  'not_enrolled',
  'joined',
  'join_refused',
  'my_data',
  'erase_asked',
  'erase_confirmed',
  'erase_not_asked',
  'daily_set',
  'daily_off',
  'daily_shown',
  'daily_challenge',
  'daily_template',
  'daily_paused',
  'daily_skipped',
  'reminder',
  'attachment',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** `pending` until the reply is accepted by Twilio; `limited` is a delivered limit reply. */
export type InteractionStatus = 'pending' | 'sent' | 'limited' | 'failed';

/**
 * How an interaction's status moves, as data: the repository's conditional UPDATEs are built from
 * this table (`WHERE status IN (from)`), so the rule has one home and a unit test.
 */
export const INTERACTION_TRANSITIONS = {
  /** Every part of the reply was accepted by Twilio. */
  delivered: {
    from: ['pending'],
    to: (outcome: Outcome | null): InteractionStatus => (outcome === 'limited' ? 'limited' : 'sent'),
  },
  /** The reply will never reach the learner: it stops counting against the quota. */
  failed: { from: ['pending', 'sent', 'limited'], to: (): InteractionStatus => 'failed' },
} as const satisfies Record<
  string,
  { from: readonly InteractionStatus[]; to: (outcome: Outcome | null) => InteractionStatus }
>;

/** What the bot decided about one message: the facts the interaction log keeps. */
export interface InteractionFacts {
  topic: Topic | null;
  difficulty: Difficulty | null;
  outcome: Outcome;
  /** Whether it counts against the daily limit (a challenge handed out). */
  counted: boolean;
  challengeCode: string | null;
}

export interface Interaction extends InteractionFacts {
  id: number;
  inboundSid: string;
  phone: string;
  keywords: string;
  command: CommandKind;
  reply: string;
  status: InteractionStatus;
  createdAt: Date;
}
