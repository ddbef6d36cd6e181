import type { OutboundStore, Outbox } from '../delivery/ports.js';
import type { MentorDeskJob } from '../jobs/catalog.js';
import type { Challenge } from '../learning/catalog.js';
import type { NewTicket } from '../learning/plan.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { MentorFile, TicketFile } from './ticket-files.js';

/** `open` until a mentor closes it; `failed` when the mentors' channel refused it for good. */
export type TicketStatus = 'open' | 'closed' | 'failed';

/** A learner's question to the mentors, and the Slack thread it lives in once posted. */
export interface Ticket extends NewTicket {
  id: number;
  status: TicketStatus;
  slackTs: string | null;
  slackPermalink: string | null;
  firstAnsweredAt: Date | null;
}

/** A mentor's reply in a ticket's thread, as recorded. */
export interface NewAnswer {
  slackTs: string;
  slackUser: string;
  author: string;
  text: string;
  whatsappText: string;
  at: Date;
  /** The mentor's files WhatsApp shows, one message each after the text (kept for an answer WhatsApp holds back). */
  attachments: readonly AnswerPart[];
}

/** One WhatsApp message of a mentor's answer: a part of its text, or one of its files (by reference). */
export interface AnswerPart {
  body: string;
  mediaUrl: string | null;
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
  /** open → closed; false when it was not open. */
  close(id: number, by: string, at: Date): Promise<boolean>;
  /** Open, posted, unanswered tickets asked (or last bumped) before `before`. */
  dueForBump(before: Date): Promise<Ticket[]>;
  markBumped(id: number, at: Date): Promise<void>;
  /** Tickets and follow-ups recorded before `before` but never posted (their job was lost). */
  unposted(before: Date): Promise<{ tickets: number[]; followUps: number[] }>;
}

/** The messages in tickets' threads: learners' follow-ups and mentors' answers. */
export interface ThreadStore {
  findFollowUp(id: number): Promise<FollowUp | undefined>;
  markFollowUpPosted(id: number, slackTs: string): Promise<void>;
  /**
   * Records an answer and its outbound messages in one transaction; returns the ids of the
   * answer's messages still to send (those of the earlier record when Slack sent it twice).
   */
  recordAnswer(ticket: Ticket, answer: NewAnswer, messages: readonly AnswerPart[]): Promise<number[]>;
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
  /** Whether `userId` is this app's own bot user (its posts come back as events too); undefined while Slack cannot say. */
  isOwnBot(userId: string): Promise<boolean | undefined>;
  /** The name a mentor goes by, as learners should read it; `fallback` when Slack cannot say. */
  mentorName(userId: string, fallback?: string): Promise<string>;
  /** Deletes one of the bot's own posts (erasure); one already gone is fine. */
  remove(ts: string): Promise<void>;
  /** Uploads a file into a thread (Slack's external upload flow); returns Slack's id for it. */
  upload(file: UploadedFile, thread: { ts: string }): Promise<{ fileId: string }>;
  /** Deletes a file the bot uploaded (erasure); one already gone is fine. */
  removeFile(fileId: string): Promise<void>;
  /** What Slack knows of a file an event named only by its id; undefined when Slack cannot say. */
  fileInfo(fileId: string): Promise<MentorFile | undefined>;
}

export interface UploadedFile {
  bytes: Uint8Array;
  filename: string;
  title: string;
  /** Posted with the file in the thread. */
  comment: string;
}

/** The files learners send for their tickets, from the learner's transaction to the thread. */
export interface TicketFileStore {
  find(id: number): Promise<TicketFile | undefined>;
  /** The files of a ticket's question (`followUpId` null) or of one follow-up, in the order they came. */
  of(ticketId: number, followUpId: number | null): Promise<TicketFile[]>;
  /** pending → attached, refused or failed; false when it was no longer pending. */
  settle(
    id: number,
    to: 'attached' | 'refused' | 'failed',
    detail: { slackFileId?: string; error?: string },
  ): Promise<boolean>;
  /** Deleted at Twilio: the URL (personal data) is forgotten. */
  forgetMedia(id: number): Promise<void>;
  /**
   * Files whose job was lost, recorded before `before`: pending in a thread that exists (or on a
   * ticket that failed), or settled and still held at Twilio.
   */
  unattached(before: Date): Promise<number[]>;
}

/** The learners' files where Twilio keeps them, read and deleted with the account's credentials. */
export interface MediaSource {
  /** The file's bytes and actual type; throws FileRefusedError for a type not accepted or more than `maxBytes`. */
  download(url: string, maxBytes: number): Promise<{ bytes: Uint8Array; contentType: string }>;
  /** Deletes the file at Twilio (its Media resource); one already gone is fine. */
  remove(url: string): Promise<void>;
}

/** Hands work to the mentor-desk queue. */
export interface MentorDeskQueue {
  enqueue(job: MentorDeskJob): Promise<void>;
  /** Queues the job again unless one with its id is waiting or running (a failed or finished one is replaced). */
  requeue(job: MentorDeskJob): Promise<void>;
}

/** One challenge by code, retired or not, for a ticket's post. */
export interface ChallengeLookup {
  find(code: string): Promise<Challenge | undefined>;
}

export interface MentorDeskSettings {
  maxOpenTickets: number;
  bumpAfterMs: number;
  /** An approved WhatsApp template for "your mentor answered" outside the 24-hour window. */
  answerTemplateSid?: string | undefined;
  /** Mentors' images and PDFs can go to learners: Twilio can fetch them through the ingress (PUBLIC_URL). */
  mediaLinks?: boolean | undefined;
}

export interface MentorDeskDeps {
  tickets: TicketStore;
  threads: ThreadStore;
  files: TicketFileStore;
  media: MediaSource;
  channel: MentorChannel;
  challenges: ChallengeLookup;
  outbound: Pick<OutboundStore, 'createNotice'>;
  outbox: Outbox;
  queue: MentorDeskQueue;
  clock: Clock;
  log: Logger;
  settings: MentorDeskSettings;
}
