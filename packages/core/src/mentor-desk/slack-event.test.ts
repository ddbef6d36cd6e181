import { describe, expect, it } from 'vitest';
import { readSlackEvent } from './slack-event.js';

const reply = {
  type: 'message',
  channel: 'C1MENTORS',
  user: 'U1',
  text: 'Try merge(how="left")',
  ts: '1700000001.000200',
  thread_ts: '1700000000.000100',
};

describe('readSlackEvent', () => {
  it("reads a person's reply in a thread as an answer", () => {
    expect(readSlackEvent(reply)).toEqual({
      job: {
        kind: 'reply',
        channel: 'C1MENTORS',
        threadTs: reply.thread_ts,
        ts: reply.ts,
        user: 'U1',
        text: reply.text,
      },
    });
  });

  it("reads a mentor's file_share in a thread as a reply carrying its files, even without text", () => {
    const shared = {
      ...reply,
      subtype: 'file_share',
      text: '',
      files: [
        {
          id: 'F0123ABCDEF',
          name: 'plot.png',
          mimetype: 'image/png',
          size: 2048,
          url_private: 'https://files.slack.com/x',
        },
        { id: 'F0999ZZZZZZ', file_access: 'check_file_info' },
        { id: 'not-a-file-id', name: 'x' },
      ],
    };
    expect(readSlackEvent(shared)).toEqual({
      job: {
        kind: 'reply',
        channel: 'C1MENTORS',
        threadTs: reply.thread_ts,
        ts: reply.ts,
        user: 'U1',
        text: '',
        files: [
          { id: 'F0123ABCDEF', name: 'plot.png', mimetype: 'image/png', size: 2048 },
          { id: 'F0999ZZZZZZ', name: '', mimetype: '' },
        ],
      },
    });
  });

  it("keeps the author's name from the event's profile, for when users.info cannot say", () => {
    const named = { ...reply, user_profile: { real_name: 'Ana Lima', display_name: '' } };
    expect(readSlackEvent(named)).toMatchObject({ job: { kind: 'reply', userName: 'Ana Lima' } });
  });

  it('reads "/close" in a thread and a ✅ reaction as closing the ticket', () => {
    expect(readSlackEvent({ ...reply, text: '/close' })).toEqual({
      job: { kind: 'close', channel: 'C1MENTORS', ts: reply.thread_ts, user: 'U1' },
    });
    const reaction = {
      type: 'reaction_added',
      user: 'U2',
      reaction: 'white_check_mark',
      item: { type: 'message', channel: 'C1MENTORS', ts: reply.ts },
    };
    expect(readSlackEvent(reaction)).toEqual({
      job: { kind: 'close', channel: 'C1MENTORS', ts: reply.ts, user: 'U2' },
    });
    expect(readSlackEvent({ ...reaction, reaction: 'eyes' })).toHaveProperty('ignored');
  });

  it('ignores bots (this one included), edits, top-level messages and other events', () => {
    for (const event of [
      { ...reply, bot_id: 'B1' },
      { ...reply, subtype: 'bot_message' },
      { ...reply, subtype: 'message_changed' },
      { ...reply, thread_ts: undefined },
      { ...reply, thread_ts: reply.ts },
      { ...reply, user: undefined },
      { type: 'app_mention', text: 'hi' },
      null,
    ]) {
      expect(readSlackEvent(event)).toHaveProperty('ignored');
    }
  });
});
