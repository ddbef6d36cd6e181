import { queueNotice } from '../delivery/send-outbound.js';
import type { MentorDeskJob } from '../jobs/catalog.js';
import { PermanentDeliveryError, TransientDeliveryError } from '../shared/errors.js';
import { maskPhone } from '../shared/phone.js';
import { attachFile } from './attach-file.js';
import { answerMessages, describeMentorFiles } from './mentor-files.js';
import type { MentorDeskDeps, Ticket } from './ports.js';
import { ticketClosedReply, ticketNotPostedReply } from './replies.js';
import { slackToWhatsApp } from './slack-markup.js';
import { bumpPost, closedNote, earlierTicketsNote, followUpPost, ticketPost, unshownFilesNote } from './slack-texts.js';
import type { TicketFile } from './ticket-files.js';

/** Earlier answered tickets linked in a new ticket's thread. */
const EARLIER_LINKS = 5;
/** A ticket or follow-up still unposted after this long lost its job: the sweep posts it. */
const UNPOSTED_GRACE_MS = 60_000;

type Job<K extends MentorDeskJob['kind']> = Extract<MentorDeskJob, { kind: K }>;

/** One unit of the mentor desk's work; safe to run again (each step checks what is already done). */
export async function handleMentorDeskJob(
  deps: MentorDeskDeps,
  job: MentorDeskJob,
  attempt: { final: boolean },
): Promise<void> {
  switch (job.kind) {
    case 'post-ticket':
      return postTicket(deps, job.ticketId, attempt);
    case 'post-follow-up':
      return postFollowUp(deps, job);
    case 'attach-file':
      return attachFile(deps, job.fileId, attempt);
    case 'note':
      return postNote(deps, job);
    case 'reply':
      return recordReply(deps, job);
    case 'close':
      return closeTicket(deps, job);
    case 'sweep':
      return sweep(deps);
  }
}

async function postTicket(deps: MentorDeskDeps, ticketId: number, attempt: { final: boolean }): Promise<void> {
  const ticket = await deps.tickets.find(ticketId);
  if (ticket?.status !== 'open') return;
  const files = await deps.files.of(ticket.id, null);
  // Posted before (this job ran again): what is left is its files.
  if (ticket.slackTs) return attachAll(deps, files);
  let slackTs: string;
  try {
    const challenge = ticket.challengeCode ? await deps.challenges.find(ticket.challengeCode) : undefined;
    const types = files.map((file) => file.contentType);
    const text = ticketPost(ticket, challenge, await deps.tickets.openCount(ticket.phone), types);
    ({ ts: slackTs } = await deps.channel.post(text));
    await deps.tickets.markPosted(ticket.id, slackTs, await deps.channel.permalink(slackTs).catch(() => null));
    deps.log.info({ ticket: ticket.id, learner: maskPhone(ticket.phone) }, 'ticket posted to the mentors');
  } catch (error) {
    // Slack unavailable: the job waits the outage out. Another failure is final on the last attempt.
    if (error instanceof TransientDeliveryError || (!(error instanceof PermanentDeliveryError) && !attempt.final)) {
      throw error;
    }
    await deps.tickets.markFailed(ticket.id, (error as Error).message);
    deps.log.error({ ticket: ticket.id, reason: (error as Error).message }, 'ticket could not be posted to Slack');
    await queueNotice(deps.outbound, deps.outbox, ticket.address, ticketNotPostedReply(ticket.id));
    // Its files are settled as failed and deleted at Twilio.
    return attachAll(deps, files);
  }
  await linkEarlierAnswers(deps, { ...ticket, slackTs });
  await attachAll(deps, files);
}

/** Each file's own job, once the thread holds the post it belongs under. */
async function attachAll(deps: MentorDeskDeps, files: readonly TicketFile[]): Promise<void> {
  for (const file of files) {
    if (file.status === 'pending' || file.mediaUrl !== null)
      await deps.queue.enqueue({ kind: 'attach-file', fileId: file.id });
  }
}

/** Best-effort: the ticket is posted whatever becomes of this note. */
async function linkEarlierAnswers(deps: MentorDeskDeps, ticket: Ticket): Promise<void> {
  if (!ticket.challengeCode || !ticket.slackTs) return;
  try {
    const earlier = await deps.tickets.earlierAnswered(ticket.challengeCode, ticket.id, EARLIER_LINKS);
    if (earlier.length > 0)
      await deps.channel.post(earlierTicketsNote(ticket.challengeCode, earlier), { ts: ticket.slackTs });
  } catch (error) {
    deps.log.warn({ ticket: ticket.id, reason: (error as Error).message }, 'earlier answers not linked in the thread');
  }
}

async function postFollowUp(deps: MentorDeskDeps, job: Job<'post-follow-up'>): Promise<void> {
  const followUp = await deps.threads.findFollowUp(job.followUpId);
  if (!followUp) return;
  const files = await deps.files.of(followUp.ticketId, followUp.id);
  // Throws while the ticket's post is late (the job runs again); nothing for a ticket that failed.
  const ticket = await threadOf(deps, followUp.ticketId);
  if (!ticket) return;
  if (!followUp.posted) {
    const types = files.map((file) => file.contentType);
    const { ts } = await deps.channel.post(followUpPost(ticket, followUp.text, types), { ts: ticket.slackTs });
    await deps.threads.markFollowUpPosted(followUp.id, ts);
  }
  await attachAll(deps, files);
}

async function postNote(deps: MentorDeskDeps, job: Job<'note'>): Promise<void> {
  const ticket = await threadOf(deps, job.ticketId);
  if (ticket) await deps.channel.post(job.text, { ts: ticket.slackTs });
}

/** The ticket, once its thread exists; throws (so the job is retried) while its post is on its way. */
async function threadOf(deps: MentorDeskDeps, ticketId: number): Promise<(Ticket & { slackTs: string }) | undefined> {
  const ticket = await deps.tickets.find(ticketId);
  if (!ticket || ticket.status === 'failed') return undefined;
  if (!ticket.slackTs) throw new Error(`ticket ${ticketId} is not posted yet`);
  return { ...ticket, slackTs: ticket.slackTs };
}

/** A mentor's reply in a ticket's thread goes to the learner, prefixed with the mentor's name. */
async function recordReply(deps: MentorDeskDeps, job: Job<'reply'>): Promise<void> {
  const ticket = await ticketInThread(deps, job.channel, job.threadTs);
  const shared = job.files ?? [];
  if (!ticket || (job.text.trim() === '' && shared.length === 0)) return;
  // The ingress drops events marked as a bot's; this catches our own posts (and the learners'
  // files we upload) when Slack marks them only by user.
  const own = await deps.channel.isOwnBot(job.user);
  if (own) return;
  // Files from a user Slack cannot name may be the learner's own, which we uploaded: wait for
  // Slack rather than send them back. Text goes on (our own posts carry bot_id).
  if (own === undefined && shared.length > 0) {
    throw new TransientDeliveryError('Slack cannot say who shared these files yet', { service: 'slack' });
  }
  const author = await deps.channel.mentorName(job.user, job.userName);
  const files = await describeMentorFiles(deps.channel, shared);
  const mediaLinks = deps.settings.mediaLinks ?? false;
  const messages = answerMessages({ author, ticketId: ticket.id }, slackToWhatsApp(job.text), files, mediaLinks);
  const { whatsappText, attachments } = messages;
  const at = deps.clock.now();
  const answer = { slackTs: job.ts, slackUser: job.user, author, text: job.text, whatsappText, at, attachments };
  const ids = await deps.threads.recordAnswer(ticket, answer, messages.parts);
  await deps.outbox.enqueue(ids);
  deps.log.info({ ticket: ticket.id, learner: maskPhone(ticket.phone), messages: ids.length }, 'mentor answer queued');
  if (messages.unshown.length > 0) {
    await deps.queue.enqueue({
      kind: 'note',
      ticketId: ticket.id,
      text: unshownFilesNote(messages.unshown, mediaLinks),
    });
  }
}

async function closeTicket(deps: MentorDeskDeps, job: Job<'close'>): Promise<void> {
  const ticket = await ticketInThread(deps, job.channel, job.ts);
  if (!ticket) return;
  const by = job.user ? await deps.channel.mentorName(job.user, job.userName) : 'a mentor';
  if (!(await deps.tickets.close(ticket.id, by, deps.clock.now()))) return;
  deps.log.info({ ticket: ticket.id }, 'ticket closed');
  await queueNotice(deps.outbound, deps.outbox, ticket.address, ticketClosedReply(ticket.id, by));
  await deps.queue.enqueue({ kind: 'note', ticketId: ticket.id, text: closedNote(by) });
}

/** Slack's ts values are unique to the microsecond: a thread's ts is enough to find its ticket. */
async function ticketInThread(deps: MentorDeskDeps, channel: string, ts: string): Promise<Ticket | undefined> {
  const ticket = await deps.tickets.findByThread(ts);
  if (!ticket) deps.log.debug({ channel, ts }, 'slack event outside any ticket thread; ignored');
  return ticket;
}

/** Bumps tickets waiting too long, and posts what a lost job left unposted; each ticket on its own. */
async function sweep(deps: MentorDeskDeps): Promise<void> {
  const now = deps.clock.now();
  for (const ticket of await deps.tickets.dueForBump(new Date(now.getTime() - deps.settings.bumpAfterMs))) {
    try {
      await bump(deps, ticket, now);
    } catch (error) {
      // One ticket Slack refuses must not stop every later bump; the next sweep tries it again.
      deps.log.warn({ ticket: ticket.id, reason: (error as Error).message }, 'ticket not bumped');
    }
  }
  const lost = await deps.tickets.unposted(new Date(now.getTime() - UNPOSTED_GRACE_MS));
  // Re-queued by id: a ticket whose post job is still queued is not posted twice; one whose job
  // failed (Slack down past its attempts) is queued anew.
  for (const ticketId of lost.tickets) await deps.queue.requeue({ kind: 'post-ticket', ticketId });
  for (const followUpId of lost.followUps) await deps.queue.requeue({ kind: 'post-follow-up', followUpId });
  // A file whose job failed (or finished early) while its ticket was unposted is queued anew.
  for (const fileId of await deps.files.unattached(new Date(now.getTime() - UNPOSTED_GRACE_MS))) {
    await deps.queue.requeue({ kind: 'attach-file', fileId });
  }
}

async function bump(deps: MentorDeskDeps, ticket: Ticket, now: Date): Promise<void> {
  if (!ticket.slackTs) return;
  await deps.channel.post(bumpPost(ticket, now.getTime() - ticket.createdAt.getTime()), {
    ts: ticket.slackTs,
    broadcast: true,
  });
  await deps.tickets.markBumped(ticket.id, now);
  deps.log.info({ ticket: ticket.id }, 'waiting ticket bumped');
}
