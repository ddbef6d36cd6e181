import { describe, expect, it } from 'vitest';
import type { MentorDeskJob } from '../jobs/catalog.js';
import { PermanentDeliveryError, TransientDeliveryError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { attachFile } from './attach-file.js';
import type { MediaSource, MentorDeskDeps, Ticket } from './ports.js';
import { FileRefusedError, type TicketFile } from './ticket-files.js';

const ticket: Ticket = {
  id: 12,
  phone: '27825550101',
  address: 'whatsapp:+27825550101',
  profileName: 'Thandi M',
  question: 'why?',
  challengeCode: null,
  createdAt: new Date(),
  status: 'open',
  slackTs: '1700000000.000100',
  slackPermalink: null,
  firstAnsweredAt: null,
};
const URL = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1';

/** The desk with one file, in memory: what it posted, queued, told the learner, and deleted. */
function desk(file: Partial<TicketFile>, media: Partial<MediaSource>, ticketState: Partial<Ticket> = {}) {
  const row: TicketFile = {
    id: 3,
    ticketId: 12,
    followUpId: null,
    mediaUrl: URL,
    contentType: 'image/png',
    status: 'pending',
    ...file,
  };
  const seen = {
    uploads: [] as string[],
    jobs: [] as MentorDeskJob[],
    notices: [] as string[],
    removed: [] as string[],
  };
  const deps = {
    tickets: { find: async () => ({ ...ticket, ...ticketState }) },
    files: {
      find: async () => ({ ...row }),
      settle: async (_id: number, to: TicketFile['status'], detail: { error?: string }) => {
        if (row.status !== 'pending') return false;
        Object.assign(row, { status: to, error: detail.error });
        return true;
      },
      forgetMedia: async () => {
        row.mediaUrl = null;
      },
    },
    media: {
      download: async () => ({ bytes: new Uint8Array([1, 2, 3]), contentType: 'image/png' }),
      remove: async (url: string) => {
        seen.removed.push(url);
      },
      ...media,
    },
    channel: {
      upload: async (upload: { filename: string }) => {
        seen.uploads.push(upload.filename);
        return { fileId: 'F0UPLOADED1' };
      },
    },
    queue: { enqueue: async (job: MentorDeskJob) => void seen.jobs.push(job) },
    outbound: { createNotice: async (_to: string, body: string) => seen.notices.push(body) },
    outbox: { enqueue: async () => {} },
    log: createLogger({ name: 'test', level: 'silent' }),
  } as unknown as MentorDeskDeps;
  return { deps, row, seen };
}

describe('attaching a learner file to its thread', () => {
  it('uploads it, marks it attached, then deletes it at Twilio and forgets its URL', async () => {
    const { deps, row, seen } = desk({}, {});
    await attachFile(deps, 3, { final: false });
    expect(seen.uploads).toEqual(['ticket-12-photo-3.png']);
    expect(row).toMatchObject({ status: 'attached', mediaUrl: null });
    expect(seen.removed).toEqual([URL]);
  });

  it('refuses a file too large once downloaded: a thread note, the learner told, still deleted', async () => {
    const { deps, row, seen } = desk(
      {},
      { download: async () => Promise.reject(new FileRefusedError('size', 'image/png')) },
    );
    await attachFile(deps, 3, { final: false });
    expect(row.status).toBe('refused');
    expect(seen.jobs).toEqual([expect.objectContaining({ kind: 'note', ticketId: 12 })]);
    expect(seen.notices).toEqual([expect.stringContaining('too large')]);
    expect(seen.removed).toEqual([URL]);
  });

  it('does not tell the learner again about a type their reply already refused', async () => {
    const { deps, row, seen } = desk({ contentType: 'video/mp4' }, {});
    await attachFile(deps, 3, { final: false });
    expect(row.status).toBe('refused');
    expect(seen.uploads).toEqual([]);
    expect(seen.notices).toEqual([]);
    expect(seen.jobs).toHaveLength(1);
  });

  it('waits out Twilio or Slack being unavailable (the queue pauses), keeping the file pending', async () => {
    const outage = new TransientDeliveryError('Twilio media: HTTP 503', { service: 'twilio' });
    const { deps, row } = desk({}, { download: async () => Promise.reject(outage) });
    await expect(attachFile(deps, 3, { final: true })).rejects.toBe(outage);
    expect(row).toMatchObject({ status: 'pending', mediaUrl: URL });
  });

  it('fails a file Twilio no longer has, tells both sides, and never retries a deletion Twilio refuses for good', async () => {
    const gone = new PermanentDeliveryError('Twilio media: HTTP 404', 404);
    const { deps, row, seen } = desk(
      {},
      { download: async () => Promise.reject(gone), remove: async () => Promise.reject(gone) },
    );
    await attachFile(deps, 3, { final: false });
    expect(row).toMatchObject({ status: 'failed', mediaUrl: null });
    expect(seen.notices).toEqual([expect.stringContaining('could not reach the mentors')]);
  });

  it('settles the files of a ticket that never reached Slack as failed, and deletes them', async () => {
    const { deps, row, seen } = desk({}, {}, { status: 'failed', slackTs: null });
    await attachFile(deps, 3, { final: false });
    expect(row).toMatchObject({ status: 'failed', mediaUrl: null });
    expect(seen.uploads).toEqual([]);
    expect(seen.removed).toEqual([URL]);
  });
});
