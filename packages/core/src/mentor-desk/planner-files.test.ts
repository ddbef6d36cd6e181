import { describe, expect, it } from 'vitest';
import { withFiles } from '../inbound/media-command.js';
import { type InboundMessage, inboundMessageSchema } from '../jobs/catalog.js';
import type { Command, MediaFile } from '../learning/commands/command.js';
import { parseCommand } from '../learning/commands/parse-command.js';
import { type DecideRules, decide, snapshotRequest } from '../learning/decide.js';
import { replyText } from '../learning/plan.js';
import { EMPTY_SNAPSHOT, type LearnerSnapshot } from '../learning/snapshot.js';
import { mentorDeskPlanners } from './planners.js';

const now = new Date('2026-03-10T12:00:00Z');
const learner = { phone: '27825550101', address: 'whatsapp:+27825550101', profileName: 'Thandi M' };
const rules: DecideRules = {
  dailyLimit: 5,
  schoolTimeZone: 'UTC',
  catalog: new Map(),
  extension: mentorDeskPlanners({ maxOpenTickets: 3 }),
};
const file = (contentType: string): MediaFile => ({ url: `https://api.twilio.com/media/${contentType}`, contentType });
const photo = file('image/jpeg');
const voice = file('audio/ogg');
const pdf = file('application/pdf');
const video = file('video/mp4');
const open = { openTickets: [{ id: 12, challengeCode: null, answered: false }] };
const plan = (command: Command, parts: Partial<LearnerSnapshot> = {}) =>
  decide(command, { snapshot: { ...EMPTY_SNAPSHOT, learner, ...parts }, now, rules });
const attachment = (files: MediaFile[], text = '', what = 'image'): Command => ({
  kind: 'attachment',
  what,
  files,
  text,
});

describe('files for the mentors', () => {
  it('opens a ticket with the files an ask carries, and says they are on their way', () => {
    const opened = plan({ kind: 'ask', question: 'why does this fail?', separate: false, files: [photo] });
    expect(opened).toMatchObject({
      outcome: 'ticket_opened',
      ticketFiles: [photo],
      ticket: { question: 'why does this fail?' },
    });
    expect(replyText(opened, 12)).toMatch(
      /ticket #12\*.*\n\n📎 Your photo is on its way to the mentors \(ticket #12\)\./s,
    );
  });

  it('takes a photo captioned only "ask" as the question itself', () => {
    const opened = plan({ kind: 'ask', question: '', separate: false, files: [photo] });
    expect(opened).toMatchObject({ outcome: 'ticket_opened', ticketFiles: [photo], ticket: { question: '' } });
  });

  it('still opens the ticket when a file cannot go, and says which and what to send instead', () => {
    const opened = plan({ kind: 'ask', question: 'see my screen', separate: false, files: [video, photo] });
    expect(opened).toMatchObject({ outcome: 'ticket_opened', ticketFiles: [video, photo] });
    const reply = replyText(opened, 7);
    expect(reply).toContain('📎 Your photo is on its way to the mentors (ticket #7).');
    expect(reply).toContain("⚠️ I couldn't pass on your video");
    expect(reply).toContain('Send a screenshot or a PDF instead.');
  });

  it.each<[string, Command]>([
    ['a voice note', attachment([voice], '', 'audio')],
    ['a captioned screenshot', attachment([photo], 'this is what I get')],
    ['an ask about the same ticket', { kind: 'ask', question: 'and this?', separate: false, files: [pdf] }],
  ])('follows up the open ticket with %s', (_, command) => {
    const followed = plan(command, { ...open, sent: [] });
    expect(followed).toMatchObject({ outcome: 'ticket_follow_up', followUp: { ticketId: 12 } });
    expect(followed.ticketFiles).toHaveLength(1);
    expect(replyText(followed, undefined)).toMatch(
      /📎 Your (voice note|photo|PDF) is on its way to the mentors \(ticket #12\)/,
    );
  });

  it('keeps the caption as the follow-up text, and names several files', () => {
    const followed = plan(attachment([photo, photo, voice], '  the error  '), open);
    expect(followed.followUp).toEqual({ ticketId: 12, text: 'the error' });
    expect(replyText(followed, undefined)).toContain('Your 2 photos and voice note are on their way');
  });

  it('answers a photo without a question and without an open ticket with the one line, pointing at ask', () => {
    const answered = plan(attachment([photo]));
    expect(answered.outcome).toBe('attachment');
    expect(answered.ticketFiles ?? answered.followUp).toBeUndefined();
    expect(replyText(answered, undefined)).toMatch(/a mentor can: send it again with \*ask <your question>\*/);
  });

  it.each(['location', 'contact', 'sticker', 'reaction'])(
    'answers a %s with its one line, even with a ticket open',
    (what) => {
      const answered = plan({ kind: 'attachment', what }, open);
      expect(answered.outcome).toBe('attachment');
      expect(replyText(answered, undefined)).not.toBe('');
    },
  );

  it('reads the open tickets for a message with files, and the queue for an ask', () => {
    expect(snapshotRequest(attachment([photo]), learner, rules, Math.random).tickets).toBe('open');
    expect(snapshotRequest({ kind: 'attachment', what: 'location' }, learner, rules, Math.random).tickets).toBe('none');
    expect(
      snapshotRequest({ kind: 'ask', question: '', separate: false, files: [photo] }, learner, rules, Math.random)
        .tickets,
    ).toBe('queue');
  });
});

describe('what a message with files asks for', () => {
  const message = (body: string, fields: Partial<InboundMessage> = {}): InboundMessage =>
    inboundMessageSchema.parse({
      messageSid: `MM${'a'.repeat(32)}`,
      accountSid: `AC${'0'.repeat(32)}`,
      from: learner.address,
      body,
      receivedAt: now.toISOString(),
      attachment: 'image',
      media: [photo],
      ...fields,
    });
  const commandOf = (body: string, fields: Partial<InboundMessage> = {}) =>
    withFiles(parseCommand(body), message(body, fields));

  it.each<[string, Partial<InboundMessage>, Record<string, unknown>]>([
    ['ask why is this wrong?', {}, { kind: 'ask', question: 'why is this wrong?', files: [photo] }],
    ['look at this', {}, { kind: 'attachment', what: 'image', files: [photo], text: 'look at this' }],
    ['thanks', {}, { kind: 'attachment', files: [photo], text: 'thanks' }],
    ['python easy', {}, { kind: 'challenge', topic: 'python' }],
    ['STOP', {}, { kind: 'stop' }],
    ['', { attachment: 'sticker', media: [file('image/webp')] }, { kind: 'unknown' }],
  ])('%j → %j', (body, fields, expected) => {
    expect(commandOf(body, fields)).toMatchObject(expected);
  });

  it('carries no files for a sticker, a contact card or a location', () => {
    expect(withFiles({ kind: 'attachment', what: 'sticker' }, message('', { attachment: 'sticker' }))).toEqual({
      kind: 'attachment',
      what: 'sticker',
    });
    expect(withFiles({ kind: 'attachment', what: 'image' }, message(''))).toEqual({
      kind: 'attachment',
      what: 'image',
      files: [photo],
      text: '',
    });
  });
});
