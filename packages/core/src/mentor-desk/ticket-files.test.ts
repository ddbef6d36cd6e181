import { describe, expect, it } from 'vitest';
import { undeliveredParts } from '../learning/plan.js';
import { mediaLinkKey, signMediaLink, verifyMediaLink } from './media-links.js';
import { answerMessages } from './mentor-files.js';
import { acceptsFile, describeFiles, fileNoun, slackFileIdOf, slackFileRef, whatsappShows } from './ticket-files.js';

const MB = 1024 * 1024;

describe('which files pass', () => {
  it.each([
    ['image/jpeg', true],
    ['image/png', true],
    ['Image/WEBP', true],
    ['application/pdf', true],
    ['audio/ogg; codecs=opus', true],
    ['audio/amr', true],
    ['audio/mpeg', true],
    ['audio/aac', true],
    ['audio/mp4', true],
    ['video/mp4', false],
    ['text/vcard', false],
    ['image/gif', false],
    ['', false],
  ])('a learner may send %s: %s', (type, accepted) => {
    expect(acceptsFile(type)).toBe(accepted);
  });

  it('names files as a learner would', () => {
    expect(fileNoun('audio/ogg')).toBe('voice note');
    expect(fileNoun('text/x-vcard')).toBe('contact card');
    expect(describeFiles(['image/png'])).toBe('photo');
    expect(describeFiles(['image/png', 'image/jpeg'])).toBe('2 photos');
    expect(describeFiles(['image/png', 'application/pdf', 'audio/ogg'])).toBe('photo, PDF and voice note');
  });

  it.each([
    [{ id: 'F1', name: 'a.png', mimetype: 'image/png', size: 5 * MB }, true],
    [{ id: 'F1', name: 'a.png', mimetype: 'image/png', size: 5 * MB + 1 }, false],
    [{ id: 'F1', name: 'a.jpg', mimetype: 'image/jpeg' }, true],
    [{ id: 'F1', name: 'a.pdf', mimetype: 'application/pdf', size: 16 * MB }, true],
    [{ id: 'F1', name: 'a.pdf', mimetype: 'application/pdf', size: 16 * MB + 1 }, false],
    [{ id: 'F1', name: 'a.webp', mimetype: 'image/webp', size: 10 }, false],
    [{ id: 'F1', name: 'a.ipynb', mimetype: 'application/json', size: 10 }, false],
  ])('WhatsApp shows a mentor file %j: %s', (file, shown) => {
    expect(whatsappShows(file)).toBe(shown);
  });
});

describe('signed links to mentors files', () => {
  const key = mediaLinkKey(undefined, 'an-auth-token-0123456789');
  const now = new Date('2026-03-10T12:00:00Z');
  const link = new URL(signMediaLink('https://bot.example.org', 'F0123ABCD', key, new Date(now.getTime() + 60_000)));
  const query = Object.fromEntries(link.searchParams);

  it('verifies its own signature until it expires', () => {
    expect(link.pathname).toBe('/media/slack/F0123ABCD');
    expect(verifyMediaLink('F0123ABCD', query, key, now)).toBe('valid');
    expect(verifyMediaLink('F0123ABCD', query, key, new Date(now.getTime() + 61_000))).toBe('expired');
  });

  it('refuses another file, a changed expiry, another key or no signature', () => {
    expect(verifyMediaLink('F0123ABCE', query, key, now)).toBe('forged');
    expect(verifyMediaLink('F0123ABCD', { ...query, expires: String(Number(query.expires) + 3600) }, key, now)).toBe(
      'forged',
    );
    expect(verifyMediaLink('F0123ABCD', query, mediaLinkKey('another-secret-0123456', 'x'), now)).toBe('forged');
    expect(verifyMediaLink('F0123ABCD', { expires: query.expires }, key, now)).toBe('forged');
    expect(verifyMediaLink('../etc', query, key, now)).toBe('forged');
  });

  it('derives different keys from different secrets', () => {
    expect(mediaLinkKey('a-configured-secret-000', 'token')).toBe('a-configured-secret-000');
    expect(mediaLinkKey(undefined, 'token-a')).not.toBe(mediaLinkKey(undefined, 'token-b'));
  });
});

describe("a mentor's answer with files", () => {
  const header = { author: 'Ana', ticketId: 12 };
  const png = { id: 'F0PNG00001', name: 'plot.png', mimetype: 'image/png', size: 2048 };
  const notebook = { id: 'F0NB000001', name: 'work.ipynb', mimetype: 'application/json', size: 2048 };

  it('sends the text, then each image or PDF as a media message by reference', () => {
    const messages = answerMessages(header, 'Here is the plot.', [png], true);
    expect(messages.parts).toEqual([
      { body: '👩‍🏫 *Ana* (mentor) on ticket #12:\n\nHere is the plot.', mediaUrl: null },
      { body: '📎 plot.png — from *Ana* (mentor), ticket #12', mediaUrl: 'slack-file:F0PNG00001' },
    ]);
    expect(slackFileIdOf(slackFileRef('F0PNG00001'))).toBe('F0PNG00001');
    expect(messages.unshown).toEqual([]);
  });

  it("names a file WhatsApp can't show, and every file when Twilio cannot fetch from us", () => {
    const messages = answerMessages(header, '', [png, notebook], true);
    expect(messages.unshown).toEqual(['work.ipynb']);
    expect(messages.whatsappText).toMatch(
      /^👩‍🏫 \*Ana\* \(mentor\) on ticket #12:\n\n📎 Your mentor also shared \*work.ipynb\*/,
    );
    expect(messages.attachments).toHaveLength(1);
    expect(answerMessages(header, 'hi', [png], false)).toMatchObject({ attachments: [], unshown: ['plot.png'] });
  });

  it('sends again only the parts of a held answer that did not reach the learner, files included', () => {
    const attachments = [{ body: '📎 plot.png', mediaUrl: 'slack-file:F0PNG00001' }];
    expect(undeliveredParts({ answerId: 1, text: 'the text', delivered: ['the text'], attachments })).toEqual(
      attachments,
    );
    expect(undeliveredParts({ answerId: 1, text: 'the text', delivered: [], attachments })).toEqual([
      { body: 'the text' },
      ...attachments,
    ]);
  });
});
