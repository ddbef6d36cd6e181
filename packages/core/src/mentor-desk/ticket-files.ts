import type { MediaFile } from '../learning/commands/command.js';

/**
 * The files learners send the mentors and the files mentors send back: which types pass, how big,
 * and how a file's row moves. Pure: the worker's adapters download, upload and delete.
 */

/** Twilio's limit for inbound WhatsApp media, and ours for what we pass on. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** What WhatsApp shows when we send it: images up to 5 MB, PDFs (documents) up to 16 MB. */
const WHATSAPP_SHOWS: Record<string, number> = {
  'image/jpeg': 5 * 1024 * 1024,
  'image/png': 5 * 1024 * 1024,
  'application/pdf': 16 * 1024 * 1024,
};

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

/** `Image/JPEG; charset=x` → `image/jpeg`. */
export function baseType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Photos and screenshots, PDFs and voice notes (any audio: ogg, amr, mpeg, aac, mp4) go to the mentors. */
export function acceptsFile(contentType: string): boolean {
  const type = baseType(contentType);
  return ACCEPTED.has(type) || type.startsWith('audio/');
}

/** The files a learner's message carried, split into those the mentors get and the rest. */
export function sortFiles(files: readonly MediaFile[]): { accepted: MediaFile[]; refused: MediaFile[] } {
  return {
    accepted: files.filter((file) => acceptsFile(file.contentType)),
    refused: files.filter((file) => !acceptsFile(file.contentType)),
  };
}

const NOUNS: ReadonlyArray<[(type: string) => boolean, string, string]> = [
  [(type) => type.startsWith('image/'), 'photo', 'photos'],
  [(type) => type === 'application/pdf', 'PDF', 'PDFs'],
  [(type) => type.startsWith('audio/'), 'voice note', 'voice notes'],
  [(type) => type.startsWith('video/'), 'video', 'videos'],
  [(type) => type === 'text/vcard' || type === 'text/x-vcard', 'contact card', 'contact cards'],
];

/** What a learner would call the file: a photo, a PDF, a voice note, … */
export function fileNoun(contentType: string, plural = false): string {
  const type = baseType(contentType);
  const noun = NOUNS.find(([matches]) => matches(type));
  if (noun) return plural ? noun[2] : noun[1];
  return plural ? 'files' : 'file';
}

/** "photo", "2 photos", "photo and voice note", "2 photos and PDF", in the order they came. */
export function describeFiles(contentTypes: readonly string[]): string {
  const counts = new Map<string, { count: number; type: string }>();
  for (const type of contentTypes) {
    const noun = fileNoun(type);
    counts.set(noun, { count: (counts.get(noun)?.count ?? 0) + 1, type });
  }
  const parts = [...counts.entries()].map(([noun, { count, type }]) =>
    count === 1 ? noun : `${count} ${fileNoun(type, true)}`,
  );
  return parts.length <= 1 ? (parts[0] ?? 'file') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** "a photo", "2 photos", "a photo and PDF". */
export function someFiles(contentTypes: readonly string[]): string {
  const described = describeFiles(contentTypes);
  return /^\d/.test(described) ? described : `a ${described}`;
}

/** `pending` until its job runs; then attached to the thread, refused (type, size), or failed. */
export type TicketFileStatus = 'pending' | 'attached' | 'refused' | 'failed';

/** How a ticket file's row moves, as data (the repository builds its conditional UPDATE from it). */
export const TICKET_FILE_TRANSITIONS = {
  attached: { from: ['pending'], to: 'attached' },
  refused: { from: ['pending'], to: 'refused' },
  failed: { from: ['pending'], to: 'failed' },
} as const satisfies Record<string, { from: readonly TicketFileStatus[]; to: TicketFileStatus }>;

/** A file a learner sent for a ticket, as recorded; `mediaUrl` is null once deleted at Twilio. */
export interface TicketFile {
  id: number;
  ticketId: number;
  /** The follow-up it came with; null for the files of the question that opened the ticket. */
  followUpId: number | null;
  mediaUrl: string | null;
  contentType: string;
  status: TicketFileStatus;
}

/** Thrown by a download the type or size checks refuse; the file's note says which. */
export class FileRefusedError extends Error {
  override name = 'FileRefusedError';
  constructor(
    readonly reason: 'type' | 'size',
    readonly contentType: string,
  ) {
    super(reason === 'size' ? 'larger than 16 MB' : `type ${contentType} not accepted`);
  }
}

/** A file a mentor shared in a thread, as Slack's event describes it. */
export interface MentorFile {
  id: string;
  name: string;
  mimetype: string;
  size?: number | undefined;
}

/** Whether WhatsApp shows the mentor's file to the learner (an image or a PDF within WhatsApp's limits). */
export function whatsappShows(file: MentorFile): boolean {
  const limit = WHATSAPP_SHOWS[baseType(file.mimetype)];
  return limit !== undefined && (file.size === undefined || file.size <= limit);
}

/**
 * How an outbound message names a mentor's Slack file: a reference, turned into a signed link only
 * when the message is sent (an answer held for days still gets a fresh link).
 */
export const SLACK_FILE_REF = 'slack-file:';

export function slackFileRef(fileId: string): string {
  return `${SLACK_FILE_REF}${fileId}`;
}

export function slackFileIdOf(ref: string): string | undefined {
  return ref.startsWith(SLACK_FILE_REF) ? ref.slice(SLACK_FILE_REF.length) : undefined;
}
