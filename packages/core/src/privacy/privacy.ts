/** Learners' rights: to know what is kept (`my data`) and to have it erased (`delete my data`). */

/** `delete my data` is confirmed by replying DELETE within this long. */
export const ERASE_CONFIRM_WINDOW_MS = 10 * 60 * 1000;

export const MY_DATA_PHRASES = ['my data', 'mydata', 'what do you keep', 'what data do you keep', 'my info'];
export const ERASE_PHRASES = [
  'delete my data',
  'erase my data',
  'delete me',
  'forget me',
  'delete my account',
  'remove my data',
];

/** What is kept about one learner, for `my data`. */
export interface DataSummary {
  messages: number;
  challenges: number;
  answers: number;
  tickets: number;
  firstContact: Date | null;
  lastContact: Date | null;
  /** Days of their activity in the school dashboard's summaries (erased with the rest). */
  summaryDays?: number | undefined;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '–');

export function myDataReply(summary: DataSummary): string {
  return [
    '🔒 *What DataDrill keeps about you*',
    '',
    `• ${count(summary.messages, 'message')} you sent, with the replies`,
    `• ${count(summary.challenges, 'challenge')} sent, ${count(summary.answers, 'answer')} you gave`,
    `• ${count(summary.tickets, 'question')} for mentors`,
    `• first contact ${day(summary.firstContact)}, last ${day(summary.lastContact)}`,
    ...(summary.summaryDays
      ? [`• ${count(summary.summaryDays, 'day')} of your activity summarised for your school's dashboard`]
      : []),
    '',
    '*Who processes it:* Twilio and Meta (WhatsApp) carry the messages; Slack holds questions you ask mentors; the school hosts the rest.',
    '*Why and how long:* to send you challenges, track your progress and let your school see how learners do, for as long as you use DataDrill.',
    '',
    'Send *delete my data* to have all of it erased.',
  ].join('\n');
}

export function eraseAskReply(): string {
  return '⚠️ This erases everything DataDrill keeps about you: your messages, answers, progress and questions to mentors. It cannot be undone. Reply *DELETE* within 10 minutes to confirm.';
}

export function erasedReply(): string {
  return "🗑️ Done: your data is being erased, and you will get no more messages from DataDrill. (To stop your daily limit from being reset, only a one-way code of your number is kept until today's challenges expire.)";
}

export function noEraseRequestReply(): string {
  return 'To erase your data, send *delete my data* first, then *DELETE* within 10 minutes.';
}
