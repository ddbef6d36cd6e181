import { queueNotice } from '../delivery/send-outbound.js';
import { PermanentDeliveryError, TransientDeliveryError } from '../shared/errors.js';
import { maskPhone, maskPhonesIn } from '../shared/phone.js';
import type { MentorDeskDeps, Ticket } from './ports.js';
import { fileFailedReply, fileRefusedReply } from './replies.js';
import { fileFailedNote, fileRefusedNote, fileUploadComment } from './slack-texts.js';
import {
  acceptsFile,
  baseType,
  FileRefusedError,
  fileNoun,
  MAX_FILE_BYTES,
  type TicketFile,
  type TicketFileStatus,
} from './ticket-files.js';

type Posted = Ticket & { slackTs: string };

/**
 * One learner's file into its ticket's thread: downloaded from Twilio (type and size checked),
 * uploaded to Slack, then deleted at Twilio; a file refused or lost gets a note in the thread
 * instead, and is deleted all the same. Safe to run again: a settled file is only deleted.
 */
export async function attachFile(deps: MentorDeskDeps, fileId: number, attempt: { final: boolean }): Promise<void> {
  const file = await deps.files.find(fileId);
  if (!file) return;
  if (file.status === 'pending') {
    const ticket = await deps.tickets.find(file.ticketId);
    if (!ticket) return;
    if (ticket.status === 'failed') {
      await deps.files.settle(file.id, 'failed', { error: 'the ticket never reached the mentors' });
    } else {
      // Not in a thread yet: the ticket's post job (or the sweep) queues the file again once it is.
      if (!ticket.slackTs) {
        deps.log.info({ file: file.id, ticket: ticket.id }, 'learner file waits for its ticket to be posted');
        return;
      }
      await passOn(deps, file, { ...ticket, slackTs: ticket.slackTs }, attempt);
    }
  }
  if (file.mediaUrl === null) return;
  try {
    await deps.media.remove(file.mediaUrl);
    deps.log.info({ file: file.id, ticket: file.ticketId }, 'learner file deleted at Twilio');
  } catch (error) {
    // Twilio unavailable: wait it out. A refusal for good would only repeat: the erasure of the
    // learner's messages takes the file with them.
    if (!(error instanceof PermanentDeliveryError)) throw error;
    deps.log.error(
      { file: file.id, reason: maskPhonesIn((error as Error).message) },
      'learner file not deleted at Twilio',
    );
  }
  await deps.files.forgetMedia(file.id);
}

async function passOn(deps: MentorDeskDeps, file: TicketFile, ticket: Posted, attempt: { final: boolean }) {
  try {
    if (file.mediaUrl === null) throw new PermanentDeliveryError('Twilio no longer holds the file', undefined);
    if (!acceptsFile(file.contentType)) throw new FileRefusedError('type', file.contentType);
    const download = await deps.media.download(file.mediaUrl, MAX_FILE_BYTES);
    const { fileId } = await deps.channel.upload(
      {
        bytes: download.bytes,
        filename: fileName(ticket.id, file.id, download.contentType),
        title: `Ticket #${ticket.id}: ${fileNoun(download.contentType)}`,
        comment: fileUploadComment(ticket, download.contentType),
      },
      { ts: ticket.slackTs },
    );
    await deps.files.settle(file.id, 'attached', { slackFileId: fileId });
    deps.log.info({ file: file.id, ticket: ticket.id, learner: maskPhone(ticket.phone) }, 'learner file attached');
  } catch (error) {
    if (error instanceof FileRefusedError) return refuse(deps, file, ticket, error);
    // Twilio or Slack unavailable: the job waits the outage out. Another failure is final on the last attempt.
    if (error instanceof TransientDeliveryError || (!(error instanceof PermanentDeliveryError) && !attempt.final)) {
      throw error;
    }
    return fail(deps, file, ticket, (error as Error).message);
  }
}

async function refuse(deps: MentorDeskDeps, file: TicketFile, ticket: Posted, refusal: FileRefusedError) {
  if (!(await settle(deps, file, 'refused', refusal.message))) return;
  deps.log.info({ file: file.id, ticket: ticket.id, reason: refusal.message }, 'learner file refused');
  await deps.queue.enqueue({
    kind: 'note',
    ticketId: ticket.id,
    text: fileRefusedNote(refusal.contentType, refusal.reason),
  });
  // A type refused as the learner's message came was answered then; a file that turned out
  // otherwise than it said (too large, not what its type claimed) is told now.
  if (acceptsFile(file.contentType)) {
    const text = fileRefusedReply(ticket.id, refusal.contentType, refusal.reason);
    await queueNotice(deps.outbound, deps.outbox, ticket.address, text);
  }
}

async function fail(deps: MentorDeskDeps, file: TicketFile, ticket: Posted, reason: string) {
  if (!(await settle(deps, file, 'failed', reason))) return;
  deps.log.warn({ file: file.id, ticket: ticket.id, reason: maskPhonesIn(reason) }, 'learner file not attached');
  await deps.queue.enqueue({ kind: 'note', ticketId: ticket.id, text: fileFailedNote(file.contentType, reason) });
  await queueNotice(deps.outbound, deps.outbox, ticket.address, fileFailedReply(ticket.id, file.contentType));
}

function settle(
  deps: MentorDeskDeps,
  file: TicketFile,
  to: Exclude<TicketFileStatus, 'pending' | 'attached'>,
  why: string,
) {
  return deps.files.settle(file.id, to, { error: maskPhonesIn(why).slice(0, 512) });
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'audio/ogg': 'ogg',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/webm': 'webm',
};

/** `ticket-12-photo-3.jpg`: no learner's name or number in it. */
function fileName(ticketId: number, fileId: number, contentType: string): string {
  const extension = EXTENSIONS[baseType(contentType)] ?? 'bin';
  return `ticket-${ticketId}-${fileNoun(contentType).replace(/\s+/g, '-').toLowerCase()}-${fileId}.${extension}`;
}
