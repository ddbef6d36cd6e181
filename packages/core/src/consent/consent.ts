/**
 * Consent: who may be written to. WhatsApp and Twilio require an explicit opt-in and an honoured
 * opt-out; POPIA and GDPR require saying what is kept and why. Every change is recorded with the
 * version of the wording the learner saw.
 */

/** The version of the welcome and opt-out texts, recorded with every consent change. */
export const CONSENT_WORDING_VERSION = '2026-12-01';

/** Twilio's default English opt-out keywords: alone in a message, in any case. */
export const STOP_KEYWORDS = ['stop', 'unsubscribe', 'end', 'quit', 'cancel', 'optout', 'stopall', 'revoke'] as const;
/** Opt back in; `yes` too, but only while opted out. */
export const START_KEYWORDS = ['start', 'unstop'] as const;

/** Where a consent change came from. */
export type ConsentChannel = 'whatsapp' | 'twilio_opt_out' | 'twilio_21610' | 'school';

export interface ConsentChange {
  event: 'opt_in' | 'opt_out';
  keyword: string | null;
  channel: ConsentChannel;
}

/** The learner's consent as their snapshot holds it. */
export interface ConsentState {
  optedOut: boolean;
  /** Whether they were sent the welcome (what is kept and why, how to stop). */
  welcomed: boolean;
  /** When they last sent `delete my data` (confirmed by DELETE within 10 minutes). */
  eraseRequestedAt?: Date | null | undefined;
}

/** A message that is only a keyword: "STOP", "Stop!", " unsubscribe ". */
export function keywordOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export function welcomeReply(privacyUrl: string | undefined): string {
  const notice = privacyUrl ? ` Privacy notice: ${privacyUrl}` : '';
  return [
    "👋 Welcome to *DataDrill*, your school's practice coach on WhatsApp.",
    'We keep your number, what you send and your progress, to send you challenges and help you improve; your school sees how learners do, and mentors see questions you ask. Send *my data* to see what is kept, *delete my data* to erase it.',
    `Reply *STOP* at any time to stop messages; *START* to come back.${notice}`,
  ].join('\n\n');
}

export function stoppedReply(): string {
  return "You're unsubscribed: DataDrill won't message you again unless you write first. Reply *START* to come back.";
}

export function startedReply(): string {
  return "Welcome back! You're subscribed again. Send a topic, e.g. *python easy*, for a challenge.";
}
