/**
 * The opt-in daily challenge: one challenge a day at the learner's local time, topics rotating
 * through those they practise, paused after 3 unanswered; and a streak reminder.
 */

/** A time of day as the learner typed it ("07:30", "7:30") and as the scheduler needs it. */
export interface DailyTime {
  hour: number;
  minute: number;
  /** As typed, for the confirmation. */
  typed: string;
}

/** After this many daily challenges in a row without a reply, the daily challenge pauses. */
export const UNANSWERED_BEFORE_PAUSE = 3;
/** The streak reminder comes this long after the last practice, while WhatsApp's window is open. */
export const REMINDER_AFTER_MS = 23.5 * 60 * 60 * 1000;
/** WhatsApp's customer-service window: free-form messages only this long after the learner's last one. */
export const SESSION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** `07:30`, `7:30`, `7.30`, `0730`, `7h30`: a time of day; undefined for anything else. */
export function readDailyTime(text: string): DailyTime | undefined {
  const match = /^(\d{1,2})(?:[:.h](\d{2})|(\d{2}))?$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? match[3] ?? 0);
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute, typed: text.trim() };
}

/** `22-07`: quiet from 22:00 to 07:00 in the learner's zone. */
export interface QuietHours {
  from: number;
  to: number;
}

export function readQuietHours(text: string | undefined): QuietHours | undefined {
  const match = /^(\d{1,2})-(\d{1,2})$/.exec((text ?? '').trim());
  if (!match) return undefined;
  const [from, to] = [Number(match[1]), Number(match[2])];
  return from <= 23 && to <= 23 && from !== to ? { from, to } : undefined;
}

/** A send due inside the quiet hours moves to their end. */
export function outOfQuietHours(time: DailyTime, quiet: QuietHours | undefined): DailyTime & { moved: boolean } {
  if (!quiet) return { ...time, moved: false };
  const inside =
    quiet.from < quiet.to
      ? time.hour >= quiet.from && time.hour < quiet.to
      : time.hour >= quiet.from || time.hour < quiet.to;
  return inside ? { ...time, hour: quiet.to, minute: 0, moved: true } : { ...time, moved: false };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The cron pattern of a daily time (minute hour, every day), for BullMQ's job scheduler. */
export function cronOf(time: Pick<DailyTime, 'hour' | 'minute'>): string {
  return `${time.minute} ${time.hour} * * *`;
}

export function dailyOnReply(time: DailyTime & { moved: boolean }, zone: string): string {
  const moved = time.moved ? ` (moved out of the quiet hours to ${pad(time.hour)}:${pad(time.minute)})` : '';
  return `📅 Daily challenge on: every day at ${time.typed}${moved} (${zone}). It counts toward your daily limit. Send *daily off* to stop it.`;
}

export function dailyOffReply(): string {
  return '📅 Daily challenge off. Send *daily on* or *daily 07:30* to start it again.';
}

export function dailyShowReply(typed: string | null, paused: boolean, zone: string): string {
  if (!typed) return '📅 No daily challenge yet. Send *daily on* (now each day) or *daily 07:30* to get one every day.';
  const state = paused ? ' It is paused after 3 without a reply: send *daily on* to resume.' : '';
  return `📅 Your daily challenge comes every day at ${typed} (${zone}).${state} Send *daily off* to stop it.`;
}

export function dailyUnknownTimeReply(): string {
  return 'Which time? Send *daily 07:30* (24-hour, your local time), *daily on* for now each day, or *daily off*.';
}

export function dailyIntro(): string {
  return '📅 *Your daily challenge*\n\n';
}

/** What the approved template TWILIO_DAILY_TEMPLATE_SID says (our record of it). */
export const DAILY_TEMPLATE_TEXT = 'Your daily DataDrill challenge is ready. Reply GO to get it.';

export function dailyPausedReply(): string {
  return "📅 I've paused your daily challenge after 3 without a reply. Send *daily on* whenever you want it back.";
}

export function nothingHeldForGoReply(): string {
  return 'Nothing is waiting for you right now. Send a topic, e.g. *python easy*, for a challenge.';
}

export function reminderReply(streak: number): string {
  return `🔥 Your ${streak}-day streak ends tonight unless you solve one today. Send a topic, e.g. *sql easy*, to keep it going.`;
}
