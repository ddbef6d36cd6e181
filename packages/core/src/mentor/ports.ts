import type { ChallengeCatalog, Clock } from '../inbound/ports.js';
import type { Logger } from '../log/logger.js';
import type { OutboundStore, Outbox } from '../outbound/ports.js';
import type { MentorJob } from '../queue/queues.js';

/** `open` until a mentor closes it; `failed` when the mentors' channel refused it for good. */
export type TicketStatus = 'open' | 'closed' | 'failed';

/** A learner's question to the mentors, and the Slack thread it lives in once posted. */
export interface Ticket {
  id: number;
  phone: string;
  /** The learner's WhatsApp address, where answers go. */
  address: string;
  profileName: string | null;
  question: string;
  /** The last challenge the learner had received when asking. */
  challengeCode: string | null;
  status: TicketStatus;
  slackTs: string | null;
  slackPermalink: string | null;
  createdAt: Date;
  firstAnsweredAt: Date | null;
}

export type NewTicket = Pick<Ticket, 'phone' | 'address' | 'profileName' | 'question' | 'challengeCode' | 'createdAt'>;

/** Where a ticket stands, for the learner's confirmation. */
export interface QueueStanding {
  /** Place among unanswered open tickets (1 = next); null once a mentor has answered it. */
  position: number | null;
  /** Median time from asking to a first answer over the last 7 days; null without answers. */
  medianFirstAnswerMs: number | null;
}

/** A mentor's answer WhatsApp refused earlier, sent again now that the learner wrote. */
export interface HeldAnswer {
  answerId: number;
  text: string;
}

/** A learner's tickets, read and written inside the learner's transaction (see `withLearner`). */
export interface LearnerTickets {
  /** Open tickets, most recent first. */
  open(): Promise<Array<Pick<Ticket, 'id' | 'challengeCode'>>>;
  /** The code of the last challenge delivered to the learner, if any. */
  lastChallengeCode(): Promise<string | null>;
  create(ticket: NewTicket): Promise<number>;
  /** Records a follow-up for the ticket's thread; returns its id for the post job. */
  addFollowUp(ticketId: number, text: string, at: Date): Promise<number>;
  standing(ticketId: number, now: Date): Promise<QueueStanding>;
  /** Held answers, marked as being sent again: each is handed out once. */
  takeHeld(): Promise<HeldAnswer[]>;
}

/** A mentor's reply in a ticket's thread, as recorded. */
export interface NewAnswer {
  slackTs: string;
  slackUser: string;
  author: string;
  text: string;
  whatsappText: string;
  at: Date;
}

/** A learner's follow-up waiting to be posted into its ticket's thread. */
export interface FollowUp {
  id: number;
  ticketId: number;
  text: string;
  posted: boolean;
}

/** The desk's side of tickets, outside any learner's lock. */
export interface TicketStore {
  find(id: number): Promise<Ticket | undefined>;
  /** The ticket whose thread holds `ts` (its head, our post or a mentor's reply in it). */
  findByThread(ts: string): Promise<Ticket | undefined>;
  openCount(phone: string): Promise<number>;
  markPosted(id: number, slackTs: string, permalink: string | null): Promise<void>;
  markFailed(id: number, reason: string): Promise<void>;
  /** Earlier tickets about the same challenge a mentor answered, most recent first. */
  earlierAnswered(challengeCode: string, beforeId: number, limit: number): Promise<Ticket[]>;
  findFollowUp(id: number): Promise<FollowUp | undefined>;
  markFollowUpPosted(id: number, slackTs: string): Promise<void>;
  /**
   * Records an answer and its outbound messages in one transaction; returns the ids of the
   * answer's messages still to send (those of the earlier record when Slack sent it twice).
   */
  recordAnswer(ticket: Ticket, answer: NewAnswer, messages: readonly string[]): Promise<number[]>;
  /** open → closed; false when it was not open. */
  close(id: number, by: string, at: Date): Promise<boolean>;
  /** Open, posted, unanswered tickets asked (or last bumped) before `before`. */
  dueForBump(before: Date): Promise<Ticket[]>;
  markBumped(id: number, at: Date): Promise<void>;
  /** Tickets and follow-ups recorded before `before` but never posted (their job was lost). */
  unposted(before: Date): Promise<{ tickets: number[]; followUps: number[] }>;
  /** The answer is fully sent: returns its ticket and whether it had been held. */
  answerSent(answerId: number): Promise<{ ticket: Ticket; wasHeld: boolean } | undefined>;
  /** WhatsApp refused it outside the 24-hour window: kept for the learner's next message. */
  answerHeld(answerId: number, at: Date): Promise<Ticket | undefined>;
  answerFailed(answerId: number, reason: string): Promise<Ticket | undefined>;
}

/** The mentors' Slack channel. */
export interface MentorChannel {
  /** Posts to the channel, or into a thread; `broadcast` also shows a thread reply in the channel. */
  post(text: string, thread?: { ts: string; broadcast?: boolean }): Promise<{ ts: string }>;
  permalink(ts: string): Promise<string | null>;
  /** Whether `userId` is this app's own bot user (its posts come back as events too). */
  isOwnBot(userId: string): Promise<boolean>;
  /** The name a mentor goes by, as learners should read it; `fallback` when Slack cannot say. */
  mentorName(userId: string, fallback?: string): Promise<string>;
}

/** Hands work to the mentor-desk queue. */
export interface DeskQueue {
  enqueue(job: MentorJob): Promise<void>;
}

export interface DeskSettings {
  maxOpenTickets: number;
  bumpAfterMs: number;
  /** An approved WhatsApp template for "your mentor answered" outside the 24-hour window. */
  answerTemplateSid?: string | undefined;
}

export interface DeskDeps {
  tickets: TicketStore;
  channel: MentorChannel;
  challenges: Pick<ChallengeCatalog, 'find'>;
  outbound: Pick<OutboundStore, 'createNotice'>;
  outbox: Outbox;
  queue: DeskQueue;
  clock: Clock;
  log: Logger;
  settings: DeskSettings;
}
