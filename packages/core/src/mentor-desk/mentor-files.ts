import { splitReply } from '../shared/split-reply.js';
import type { AnswerPart, MentorChannel } from './ports.js';
import { mentorAnswerReply, mentorFileCaption } from './replies.js';
import { type MentorFile, slackFileRef, whatsappShows } from './ticket-files.js';

/**
 * A mentor's reply as WhatsApp messages: its text, then one message for each file WhatsApp shows
 * (each sent on its own: they may arrive in any order, so each says whose it is).
 */
export interface AnswerMessages {
  whatsappText: string;
  parts: AnswerPart[];
  attachments: AnswerPart[];
  /** The names of the files that stay in Slack (the text names them to the learner). */
  unshown: string[];
}

/**
 * Images and PDFs go as media messages (by reference: the link is signed when each is sent);
 * any other file, or every file when Twilio cannot fetch from us, is named in the text instead.
 */
export function answerMessages(
  header: { author: string; ticketId: number },
  text: string,
  files: readonly MentorFile[],
  mediaLinks: boolean,
): AnswerMessages {
  const shown = mediaLinks ? files.filter(whatsappShows) : [];
  const unshown = files.filter((file) => !shown.includes(file)).map(nameOf);
  const whatsappText = mentorAnswerReply(header.author, header.ticketId, text, unshown);
  // Numbered when several: two files named image.png must not read as one message (a resend is
  // looked up at Twilio by its text).
  const attachments = shown.map((file, index) => ({
    body: `${mentorFileCaption(nameOf(file), header.author, header.ticketId)}${shown.length > 1 ? ` (${index + 1}/${shown.length})` : ''}`,
    mediaUrl: slackFileRef(file.id),
  }));
  const parts = [...splitReply(whatsappText).map((body) => ({ body, mediaUrl: null })), ...attachments];
  return { whatsappText, parts, attachments, unshown };
}

/** Slack may name a shared file by its id alone: files.info says what it is. */
export async function describeMentorFiles(
  channel: Pick<MentorChannel, 'fileInfo'>,
  files: readonly MentorFile[],
): Promise<MentorFile[]> {
  return Promise.all(
    files.map(async (file) => (file.mimetype === '' ? ((await channel.fileInfo(file.id)) ?? file) : file)),
  );
}

function nameOf(file: MentorFile): string {
  return file.name.trim() || file.id;
}
