import type { DailyTime } from '../../daily/daily.js';
import type { Difficulty, Topic } from '../catalog.js';

/**
 * What a learner's message asks for. `kind` is what the interaction log records as `command`.
 * A challenge without a difficulty follows the learner's history in that topic; `random`
 * leaves the topic to the bot too. `ask` is a question for the mentors (`separate`: "ask new …"
 * opens a ticket of its own rather than following up an open one); `open` reads held answers.
 */
/** How an answer came: `answer …` typed, a bare message that read as one, a WhatsApp reply quoting the challenge, a button or list row tapped. */
export type AnswerVia = 'typed' | 'bare' | 'quoted' | 'button' | 'list';

/** Everyday messages with a meaning of their own, never a topic or an attempt. */
export type SmallTalk = 'greeting' | 'thanks' | 'about' | 'chat' | 'bye' | 'silent';

/** A file the learner's message carried, where Twilio keeps it (MediaUrlN) and its declared type. */
export interface MediaFile {
  url: string;
  contentType: string;
}

export type Command =
  | { kind: 'challenge'; topic: Topic; difficulty: Difficulty | null }
  | { kind: 'random' }
  | { kind: 'help' }
  | { kind: 'topics' }
  | { kind: 'hint'; code: string }
  | { kind: 'solution'; code: string }
  | { kind: 'suggest'; suggestion: string; text: string }
  | { kind: 'ask'; question: string; separate: boolean; files?: readonly MediaFile[] | undefined }
  | { kind: 'open' }
  /** An answer to the challenge `code` (or, null, the most recent open one; `quotedSid`: the one that message sent). */
  | { kind: 'answer'; text: string; code: string | null; via: AnswerVia; quotedSid?: string }
  | { kind: 'progress' }
  /** The daily challenge: on (now each day), at a time, off, or what it is set to. */
  | { kind: 'daily'; action: 'on' | 'at' | 'off' | 'show'; time?: DailyTime | undefined }
  /** The reply to the daily challenge's template: the held challenge, please. */
  | { kind: 'go' }
  /** Not typed: the learner's daily challenge is due (BullMQ's job scheduler). */
  | { kind: 'daily-send'; topic: Topic }
  /** Not typed: a streak reminder is due. */
  | { kind: 'remind' }
  /**
   * Something the bot cannot read itself (a photo without a question, a location, a sticker, …);
   * `files` what it carried, `text` its caption.
   */
  | { kind: 'attachment'; what: string; files?: readonly MediaFile[] | undefined; text?: string | undefined }
  /** What is kept about the learner. */
  | { kind: 'mydata' }
  /** Erase everything about the learner: asked, then confirmed with DELETE. */
  | { kind: 'erase'; step: 'ask' | 'confirm' }
  /** Enrol with a cohort's join code. */
  | { kind: 'join'; code: string }
  /** Opt out (STOP and its synonyms); `silent` when Twilio's Advanced Opt-Out already answered. */
  | { kind: 'stop'; keyword: string; silent: boolean }
  /** Opt back in (START, UNSTOP, or YES while opted out). */
  | { kind: 'start'; keyword: string; silent: boolean }
  /** A challenge the learner missed or revealed, due again on the review schedule. */
  | { kind: 'review' }
  | { kind: 'timezone'; zone: string }
  | { kind: 'smalltalk'; meaning: SmallTalk }
  | { kind: 'flooded' }
  /** A tap on one of our buttons whose payload no longer names anything (an old message, a renamed topic). */
  | { kind: 'tap-expired'; label: string }
  | { kind: 'unknown'; text: string };

export type CommandKind = Command['kind'];
