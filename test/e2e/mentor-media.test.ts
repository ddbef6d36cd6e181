import { randomBytes } from 'node:crypto';
import { mediaLinkKey, signMediaLink } from '@datadrill/core';
import type { SlackPost } from '@datadrill/fake-slack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TOKEN, type BotStack, PUBLIC_URL, SLACK, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(4096)]);
const OGG = Buffer.concat([Buffer.from('OggS'), randomBytes(2048)]);
const ticketNumber = (reply: string) => Number(/ticket #(\d+)/.exec(reply)?.[1]);
const mediaSidOf = (fields: Record<string, string>) => /\/Media\/(ME[0-9a-f]{32})$/.exec(fields.MediaUrl0 ?? '')?.[1];

describe('files between learners and mentors', () => {
  let stack: BotStack;
  let slack: NonNullable<BotStack['slack']>;
  beforeAll(async () => {
    // A sweep every 1.5 s, so a lost file's job is found again within the test.
    stack = await startBotStack({
      label: 'media',
      mentorDesk: true,
      workerEnv: { PUBLIC_URL, MENTOR_BUMP_AFTER_MINUTES: '0.05' },
    });
    slack = stack.slack as NonNullable<BotStack['slack']>;
    // Twilio fetches the links the bot signs at its public URL: here, the ingress on loopback.
    stack.twilio.media.routeHost(PUBLIC_URL, stack.ingressUrl);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Sends a message with files (and a caption) and returns the bot's answer. */
  async function sendFiles(learner: string, caption: string, files: Array<{ bytes: Buffer; contentType: string }>) {
    const fields = stack.twilio.media.inbound(files);
    const before = stack.repliesTo(learner).length;
    await stack.send(learner, caption, fields);
    const reply = (await stack.waitForReplies(learner, before + 1))[before]?.body ?? '';
    return { reply, fields, mediaSid: mediaSidOf(fields) ?? '' };
  }
  /** The ticket's post, once the worker has recorded it (a mentor's event for its thread is then the ticket's). */
  const ticketPost = (ticketId: number) =>
    waitFor(`ticket #${ticketId} in the channel`, async () => {
      const post = slack
        .channelPosts(SLACK.channel)
        .find((candidate) => candidate.text.includes(`*Ticket #${ticketId}*`));
      const [ticket] = await stack.database.db('tickets').where({ id: ticketId });
      return post && ticket?.slack_ts === post.ts && post;
    });
  const inThread = (post: SlackPost, matches: (reply: SlackPost) => boolean, what: string) =>
    waitFor(what, () => slack.thread(post.ts).find(matches));
  /** The ticket's file once its row forgot the Twilio URL (after the deletion there). */
  const settledFile = (ticketId: number) =>
    waitFor(`ticket #${ticketId}'s file settled`, async () => {
      const [row] = await stack.database.db('ticket_files').where({ ticket_id: ticketId });
      return row?.twilio_media_url === null && row;
    });
  const deletedAtTwilio = (mediaSid: string) =>
    waitFor(`${mediaSid} deleted at Twilio`, () => stack.twilio.media.deletedMedia.includes(mediaSid));

  it('attaches a photo sent with ask to the ticket thread, then deletes it at Twilio', async () => {
    const learner = 'whatsapp:+27825558001';
    const { reply, mediaSid } = await sendFiles(learner, 'ask why is my plot empty?', [
      { bytes: PNG, contentType: 'image/png' },
    ]);
    const ticketId = ticketNumber(reply);
    expect(reply).toContain(`📎 Your photo is on its way to the mentors (ticket #${ticketId}).`);
    const post = await ticketPost(ticketId);
    expect(post.text).toContain('With a photo');
    const shared = await inThread(post, (p) => (p.files?.length ?? 0) > 0, 'the photo uploaded into the thread');
    expect(shared.files?.[0]?.bytes.equals(PNG)).toBe(true);
    expect(shared.text).toContain(`photo (ticket #${ticketId})`);
    expect(shared.text).not.toContain('27825558001');
    await deletedAtTwilio(mediaSid);
    expect(stack.twilio.media.holds(mediaSid)).toBe(false);
    const row = await settledFile(ticketId);
    expect(row).toMatchObject({ status: 'attached', slack_file_id: shared.files?.[0]?.id });
  });

  it('follows up an open ticket with a voice note, in its thread', async () => {
    const learner = 'whatsapp:+27825558002';
    const ticketId = ticketNumber(await stack.say(learner, 'ask how do I read a parquet file?'));
    const post = await ticketPost(ticketId);
    const { reply, mediaSid } = await sendFiles(learner, '', [{ bytes: OGG, contentType: 'audio/ogg' }]);
    expect(reply).toBe(`📎 Your voice note is on its way to the mentors (ticket #${ticketId}).`);
    await inThread(post, (p) => /sent a voice note \(below\)/.test(p.text), 'the follow-up naming the voice note');
    const shared = await inThread(post, (p) => (p.files?.length ?? 0) > 0, 'the voice note in the thread');
    expect(shared.files?.[0]?.bytes.equals(OGG)).toBe(true);
    await deletedAtTwilio(mediaSid);
  });

  it('refuses a video with a clear reply and a thread note, and deletes it at Twilio', async () => {
    const learner = 'whatsapp:+27825558003';
    const { reply, mediaSid } = await sendFiles(learner, 'ask look at my screen', [
      { bytes: randomBytes(1024), contentType: 'video/mp4' },
    ]);
    expect(reply).toMatch(/ticket #\d+/);
    expect(reply).toContain("⚠️ I couldn't pass on your video");
    expect(reply).toContain('Send a screenshot or a PDF instead.');
    const post = await ticketPost(ticketNumber(reply));
    await inThread(post, (p) => /video was not passed on/.test(p.text), 'the refusal note');
    await deletedAtTwilio(mediaSid);
    expect(slack.thread(post.ts).some((p) => p.files?.length)).toBe(false);
  });

  it('refuses a PDF over 16 MB once downloaded: the learner is told, the mentors get a note', async () => {
    const learner = 'whatsapp:+27825558004';
    const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x25);
    const { reply, mediaSid } = await sendFiles(learner, 'ask my notes, page 3', [
      { bytes: big, contentType: 'application/pdf' },
    ]);
    expect(reply).toContain('📎 Your PDF is on its way');
    const ticketId = ticketNumber(reply);
    const [, notice] = await stack.waitForReplies(learner, 2);
    expect(notice?.body).toMatch(
      new RegExp(`PDF is too large to pass on to the mentors \\(over 16 MB\\), ticket #${ticketId}`),
    );
    await inThread(await ticketPost(ticketId), (p) => /larger than 16 MB/.test(p.text), 'the size note');
    await deletedAtTwilio(mediaSid);
    expect(await settledFile(ticketId)).toMatchObject({ status: 'refused' });
  });

  it('answers a photo without a question and without a ticket with one line', async () => {
    const learner = 'whatsapp:+27825558005';
    await stack.say(learner, 'hi');
    const { reply } = await sendFiles(learner, '', [{ bytes: PNG, contentType: 'image/jpeg' }]);
    expect(reply).toMatch(/^I can't read a photo myself, but a mentor can: send it again with \*ask <your question>\*/);
    expect(
      await stack.database
        .db('ticket_files')
        .join('tickets', 'tickets.id', 'ticket_files.ticket_id')
        .where({ phone: '27825558005' }),
    ).toEqual([]);
  });

  it("sends a mentor's PNG to the learner as a media message through a signed link, and names a file WhatsApp can't show", async () => {
    const learner = 'whatsapp:+27825558006';
    const post = await ticketPost(ticketNumber(await stack.say(learner, 'ask can you draw the join?')));
    const before = stack.repliesTo(learner).length;
    const event = slack.fileShare(
      post,
      SLACK.mentor.id,
      { name: 'join.png', mimetype: 'image/png', bytes: PNG },
      'Like this:',
    );
    const notebook = slack.fileShare(post, SLACK.mentor.id, {
      name: 'work.ipynb',
      mimetype: 'application/json',
      bytes: Buffer.from('{}'),
    });
    const files = [...(event.files as unknown[]), ...(notebook.files as unknown[])];
    expect((await stack.slackEvent({ ...event, files })).status).toBe(200);

    // Two messages, sent each on its own: in either order.
    const answer = (await stack.waitForReplies(learner, before + 2)).slice(before);
    const text = answer.find((message) => !message.params.MediaUrl);
    const image = answer.find((message) => message.params.MediaUrl);
    expect(text?.body).toMatch(/^👩‍🏫 \*Ana\* \(mentor\) on ticket #\d+:\n\nLike this:/);
    expect(text?.body).toContain("📎 Your mentor also shared *work.ipynb*, which WhatsApp can't show here");
    expect(image?.body).toMatch(/^📎 join\.png — from \*Ana\* \(mentor\), ticket #\d+$/);
    expect(image?.params.MediaUrl).toMatch(
      /^https:\/\/bot\.datadrill\.test\/media\/slack\/F[A-Z0-9]+\?expires=\d+&sig=[0-9a-f]{64}$/,
    );
    const fetched = await waitFor('Twilio fetched the file', () => image?.media?.[0]);
    expect(fetched).toMatchObject({ status: 200, contentType: 'image/png' });
    expect(fetched.bytes.equals(PNG)).toBe(true);
    await inThread(post, (p) => /\*work.ipynb\* did not go to the learner/.test(p.text), 'the note on the notebook');
  });

  it("keeps a mentor's image WhatsApp refuses outside the 24-hour window, and sends it once the learner writes", async () => {
    const learner = 'whatsapp:+27825558008';
    const post = await ticketPost(ticketNumber(await stack.say(learner, 'ask which chart should I use?')));
    const before = stack.repliesTo(learner).length;
    const outside = {
      status: 400,
      code: 63016,
      message: 'Failed to send freeform message: outside the allowed window.',
    };
    stack.twilio.failNext(outside, 2, (params) => params.To === learner);
    const bars = { name: 'bars.png', mimetype: 'image/png', bytes: PNG };
    await stack.slackEvent(slack.fileShare(post, SLACK.mentor.id, bars, 'A bar chart:'));
    await inThread(post, (p) => /24 hours/.test(p.text), 'the note that the answer is held');
    expect(stack.repliesTo(learner)).toHaveLength(before);

    await stack.send(learner, 'OPEN');
    const image = await waitFor('the held image sent', () =>
      stack.repliesTo(learner).find((message) => message.params.MediaUrl),
    );
    expect(stack.repliesTo(learner).some((message) => message.body.includes('A bar chart:'))).toBe(true);
    const fetched = await waitFor('Twilio fetched the held image', () => image.media?.[0]);
    expect(fetched.status).toBe(200);
    expect(fetched.bytes.equals(PNG)).toBe(true);
  });

  it('finds a file whose job was lost again, attaches it and deletes it at Twilio', async () => {
    const learner = 'whatsapp:+27825558009';
    const ticketId = ticketNumber(await stack.say(learner, 'ask about this screenshot'));
    const post = await ticketPost(ticketId);
    const held = stack.twilio.media.add(PNG, 'image/png');
    const long = new Date(Date.now() - 5 * 60_000);
    await stack.database.db('ticket_files').insert({
      ticket_id: ticketId,
      twilio_media_url: held.url,
      content_type: 'image/png',
      status: 'pending',
      created_at: long,
      updated_at: long,
    });
    const shared = await inThread(post, (p) => (p.files?.length ?? 0) > 0, 'the lost file in the thread');
    expect(shared.files?.[0]?.bytes.equals(PNG)).toBe(true);
    await deletedAtTwilio(held.mediaSid);
  });

  it('refuses a link to a mentor file with a bad or expired signature with 403', async () => {
    const key = mediaLinkKey(undefined, AUTH_TOKEN);
    const expired = new URL(signMediaLink(stack.ingressUrl, 'F0EXPIRED1', key, new Date(Date.now() - 1000)));
    expect((await fetch(expired)).status).toBe(403);
    const valid = new URL(signMediaLink(stack.ingressUrl, 'F0TAMPERED', key, new Date(Date.now() + 60_000)));
    valid.searchParams.set('sig', valid.searchParams.get('sig')?.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) ?? '');
    expect((await fetch(valid)).status).toBe(403);
    expect((await fetch(`${stack.ingressUrl}/media/slack/F0NOSIG001`)).status).toBe(403);
  });

  it('deletes the files Twilio still holds when the learner is erased', async () => {
    const learner = 'whatsapp:+27825558007';
    await stack.say(learner, 'hi');
    // Slack is down: the ticket is not posted yet, so its photo is still only at Twilio.
    slack.failFor(60_000, 503);
    const { reply, mediaSid } = await sendFiles(learner, 'ask is this right?', [
      { bytes: PNG, contentType: 'image/png' },
    ]);
    expect(reply).toMatch(/on its way/);
    expect(stack.twilio.media.holds(mediaSid)).toBe(true);
    expect(await stack.say(learner, 'delete my data')).toMatch(/Reply \*DELETE\*/);
    await stack.send(learner, 'DELETE');
    await deletedAtTwilio(mediaSid);
    await waitFor(
      'the learner erased',
      async () => (await stack.database.db('tickets').where({ phone: '27825558007' })).length === 0,
    );
    const rows = await stack.database.db('ticket_files');
    expect(rows.some((row) => String(row.twilio_media_url).includes(mediaSid))).toBe(false);
    slack.failFor(0);
  });
});
