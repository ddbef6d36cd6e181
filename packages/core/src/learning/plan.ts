import type { ConsentChange } from '../consent/consent.js';
import type { DailyTime } from '../daily/daily.js';
import { splitReply } from '../shared/split-reply.js';
import { type ChoiceSet, type Interactive, layoutChoices, WHATSAPP_LIMITS } from '../whatsapp/interactive.js';
import type { ChallengeStatus } from './coach/level.js';
import type { Streak } from './coach/streak.js';
import type { AnswerVia, CommandKind, MediaFile } from './commands/command.js';
import type { InteractionFacts } from './interaction.js';
import type { HeldAnswer } from './snapshot.js';

/** A learner's question to the mentors, as written in the learner's transaction. */
export interface NewTicket {
  phone: string;
  /** The learner's WhatsApp address, where answers go. */
  address: string;
  profileName: string | null;
  question: string;
  /** The last challenge the learner had received when asking. */
  challengeCode: string | null;
  createdAt: Date;
}

/** The reply's text; one that names a new ticket is written once the ticket has its number. */
export type ReplyText = string | ((ticketId: number) => string);

/**
 * What `decide` returns for one message: the facts to log, the reply, and the rows to write with
 * it, all persisted in the learner's transaction.
 */
export interface Plan extends InteractionFacts {
  reply: ReplyText;
  /** Mentor answers WhatsApp held back, sent first (held → pending) now that the learner wrote. */
  release: readonly HeldAnswer[];
  /** A new mentor ticket: written first, its number goes into the reply. */
  ticket?: NewTicket | undefined;
  /** A follow-up for an open ticket's thread. */
  followUp?: { ticketId: number; text: string } | undefined;
  /** Files for the mentors, written with the new ticket or with the follow-up (their job posts them to the thread). */
  ticketFiles?: readonly MediaFile[] | undefined;
  /** An answer to log, and where it leaves the learner with that challenge. */
  attempt?: AttemptRecord | undefined;
  /** A challenge the learner gave up on by reading its solution before solving it, and when to review it. */
  revealed?: { code: string; reviewDueAt: Date } | undefined;
  /** The learner's streak after this message. */
  streak?: Streak | undefined;
  /** The zone the learner chose. */
  timezone?: string | undefined;
  /** What the message turned out to be, when not what it was parsed as (a bare answer). */
  command?: CommandKind | undefined;
  /** A consent change to record. */
  consent?: ConsentChange | undefined;
  /** First contact: the welcome, once, at the head of the reply. */
  welcome?: string | undefined;
  /** The daily challenge's setting changed: on at a time (possibly moved out of the quiet hours), or off. */
  daily?: { on: DailyTime & { moved: boolean }; zone: string } | { off: true } | undefined;
  /** A daily send: its unanswered count, paused, and the challenge held for GO (null: none). */
  dailyRun?: { unanswered: number; paused: boolean; heldCode: string | null } | undefined;
  /** Who starts this reply: `bot` for what the bot sends on its own (never to an opted-out learner). */
  initiatedBy?: 'learner' | 'bot' | undefined;
  /** The reply is an approved template (outside WhatsApp's window), sent by its ContentSid. */
  contentSid?: string | undefined;
  /** `delete my data` asked (awaiting DELETE), or confirmed (the erasure job follows the reply). */
  erasure?: 'requested' | 'confirmed' | undefined;
  /** Enrol the learner in this cohort (a join code). */
  enrol?: { cohort: string } | undefined;
  /** The "not on the roster" reply was sent now. */
  accessNotice?: boolean | undefined;
  /** What the learner can tap under the reply (its last message), and the list's button if it becomes a list. */
  choices?: ChoiceSet | undefined;
}

/** One answer as the school's log keeps it. */
export interface AttemptRecord {
  code: string;
  text: string;
  parsed: string | null;
  verdict: 'right' | 'wrong' | 'unreadable';
  /** Which of the three attempts it was; null for an unreadable answer, which costs none. */
  attemptNo: number | null;
  via: AnswerVia;
  /** The challenge's status after it. */
  status: ChallengeStatus;
  attempts: number;
  /** When a challenge this attempt leaves missed is due for review. */
  reviewDueAt?: Date | undefined;
}

/** One WhatsApp message of a reply; `answerId` when it carries a mentor's answer, `actions` what it draws under it. */
export interface OutgoingText {
  body: string;
  answerId?: number;
  actions?: Interactive;
  /** A file it carries (a mentor's image or PDF, by reference until it is sent). */
  mediaUrl?: string;
}

/** The reply as sent once the plan's ticket (if any) has its number. */
export function replyText(plan: Plan, ticketId: number | undefined): string {
  if (typeof plan.reply === 'string') return plan.reply;
  if (ticketId === undefined) throw new Error('a reply naming a ticket needs the ticket written first');
  return plan.reply(ticketId);
}

/** The WhatsApp messages of a plan, in order: held answers first, then the reply, each split to fit. */
export function planMessages(plan: Plan, ticketId?: number): OutgoingText[] {
  const answer = replyText(plan, ticketId);
  // The welcome heads the first reply: one message, not one more.
  const reply = plan.welcome ? (answer === '' ? plan.welcome : `${plan.welcome}\n\n${answer}`) : answer;
  return [
    ...plan.release.flatMap((answer) =>
      undeliveredParts(answer).map((part) => ({ ...part, answerId: answer.answerId })),
    ),
    ...replyParts(reply, plan.choices && layoutChoices(plan.choices.items, plan.choices.listButton)),
  ];
}

/**
 * The reply's messages. Buttons never cost a message: they go under the last part when its text
 * fits WhatsApp's 1,024 characters for tappable messages; otherwise the reply goes as text alone
 * (every reply also says what to type).
 */
function replyParts(reply: string, actions: Interactive | undefined): OutgoingText[] {
  if (reply === '') return [];
  const parts = splitReply(reply);
  const last = parts.length - 1;
  const fits = actions !== undefined && (parts[last] ?? '').length <= WHATSAPP_LIMITS.body;
  return parts.map((body, index) => (fits && index === last ? { body, actions } : { body }));
}

/** A held answer's parts (its text, then its files), less those that reached the learner before WhatsApp refused the rest. */
export function undeliveredParts(answer: HeldAnswer): Array<{ body: string; mediaUrl?: string }> {
  const delivered = [...answer.delivered];
  const parts = [...splitReply(answer.text).map((body) => ({ body })), ...(answer.attachments ?? [])];
  return parts.filter(({ body: part }) => {
    const at = delivered.indexOf(part);
    if (at === -1) return true;
    delivered.splice(at, 1);
    return false;
  });
}
