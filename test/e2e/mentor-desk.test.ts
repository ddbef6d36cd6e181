import { ANSWER_TEMPLATE_TEXT } from '@datadrill/core';
import type { SlackPost } from '@datadrill/fake-slack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, PUBLIC_URL, SLACK, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

const TEMPLATE_SID = `HX${'ab'.repeat(16)}`;
const CODE = /\[([a-z-]+-(?:easy|medium|hard)-\d{3})\]/;

describe('the mentor desk over Slack', () => {
  let stack: BotStack;
  let slack: NonNullable<BotStack['slack']>;
  beforeAll(async () => {
    stack = await startBotStack({
      label: 'mentors',
      mentorDesk: true,
      workerEnv: { TWILIO_MENTOR_ANSWER_TEMPLATE_SID: TEMPLATE_SID, MENTOR_BUMP_AFTER_MINUTES: '0.05', PUBLIC_URL },
    });
    slack = stack.slack as NonNullable<BotStack['slack']>;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Sends one message and returns the bot's answer to it. */
  async function say(learner: string, text: string, overrides: Record<string, string> = {}): Promise<string> {
    const before = stack.repliesTo(learner).length;
    await stack.send(learner, text, overrides);
    const replies = await stack.waitForReplies(learner, before + 1);
    return replies[before]?.body ?? '';
  }

  const ticketPost = (ticketId: number) =>
    waitFor(`ticket #${ticketId} in the mentors' channel`, () =>
      slack.channelPosts(SLACK.channel).find((post) => post.text.includes(`*Ticket #${ticketId}*`)),
    );
  const threadPost = (post: SlackPost, pattern: RegExp) =>
    waitFor(`a post matching ${pattern} in the thread`, () =>
      slack.thread(post.ts).find((reply) => pattern.test(reply.text)),
    );
  const ticketNumber = (confirmation: string) => Number(/ticket #(\d+)/.exec(confirmation)?.[1]);

  it('posts a question to the channel with what mentors need, and confirms it to the learner', async () => {
    const learner = 'whatsapp:+27825559001';
    expect(await say(learner, 'hi')).toMatch(/^👋 Welcome to \*DataDrill\*/);
    const challenge = await say(learner, 'pandas easy');
    const code = CODE.exec(challenge)?.[1];
    const confirmation = await say(learner, 'ask Why does my groupby drop the NaN rows?', {
      ProfileName: 'Thandi Nkosi',
    });
    expect(confirmation).toMatch(/ticket #\d+/);
    expect(confirmation).toMatch(/number \d+\* in the queue/);
    expect(confirmation).toMatch(/median time to a first answer|no usual wait/);

    const post = await ticketPost(ticketNumber(confirmation));
    expect(post.text).toContain('Why does my groupby drop the NaN rows?');
    expect(post.text).toContain('*Ticket #');
    expect(post.text).toMatch(/Thandi \(27\*\*\*\*\*9001\)/);
    expect(post.text).toContain('27*****9001');
    expect(post.text).not.toContain('27825559001');
    expect(post.text).toContain(`[${code}]`);
    const firstLine = challenge.split('\n\n')[1]?.split('\n')[0] ?? '';
    expect(post.text).toContain(firstLine.slice(0, 30));
    expect(post.text).toMatch(/1 open ticket\b/);

    const [row] = await stack.database.db('interactions').where({ phone: '27825559001', command: 'ask' });
    expect(row).toMatchObject({ counted: 0, outcome: 'ticket_opened' });
  });

  it("delivers a mentor's thread reply once, prefixed with the mentor's name, even when Slack retries", async () => {
    const learner = 'whatsapp:+27825559002';
    const confirmation = await say(learner, 'ask how do I read a parquet file?');
    const post = await ticketPost(ticketNumber(confirmation));
    const before = stack.repliesTo(learner).length;

    const reply = slack.threadReply(
      post,
      SLACK.mentor.id,
      'Use `pd.read_parquet(path)` &amp; see <https://pandas.pydata.org|the docs>',
    );
    const first = await stack.slackEvent(reply);
    expect(first.status).toBe(200);
    const retried = await stack.slackEvent(reply, { eventId: first.eventId, retryNum: 1 });
    expect(retried.status).toBe(200);
    // Slack may also deliver the same message under a second event id.
    expect((await stack.slackEvent(reply)).status).toBe(200);

    const [answer] = (await stack.waitForReplies(learner, before + 1)).slice(before);
    expect(answer?.body).toMatch(/^👩‍🏫 \*Ana\* \(mentor\) on ticket #\d+/);
    expect(answer?.body).toContain('Use `pd.read_parquet(path)` & see the docs (https://pandas.pydata.org)');
    await waitFor('the answer recorded on the ticket', async () => {
      const rows = await stack.database.db('ticket_messages').where({ kind: 'answer', status: 'sent' });
      return rows.some((row) => row.slack_ts === reply.ts) && rows;
    });
    await waitFor('the event jobs settled', async () => (await stack.queue.inbound.count()) === 0);
    expect(stack.repliesTo(learner).filter((message) => message.body.includes('read_parquet'))).toHaveLength(1);
  });

  it('refuses a bad signature or a stale timestamp with 401 and sends nothing', async () => {
    const learner = 'whatsapp:+27825559003';
    const post = await ticketPost(ticketNumber(await say(learner, 'ask what is a p-value, really?')));
    const before = stack.repliesTo(learner).length;
    const forged = await stack.slackEvent(slack.threadReply(post, SLACK.mentor.id, 'forged answer'), {
      signingSecret: 'not-the-signing-secret',
    });
    expect(forged.status).toBe(401);
    const stale = await stack.slackEvent(slack.threadReply(post, SLACK.mentor.id, 'replayed answer'), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${stack.ingressUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url_verification', challenge: 'x' }),
    });
    expect(unsigned.status).toBe(401);

    // A genuine answer after them is the only thing the learner gets.
    await stack.slackEvent(slack.threadReply(post, SLACK.mentor.id, 'genuine answer'));
    const replies = await stack.waitForReplies(learner, before + 1);
    expect(replies.slice(before).map((reply) => reply.body)).toEqual([expect.stringContaining('genuine answer')]);
    const answers = await stack.database
      .db('ticket_messages')
      .where({ kind: 'answer' })
      .whereIn('text', ['forged answer', 'replayed answer']);
    expect(answers).toEqual([]);
  });

  it("answers Slack's url_verification handshake", async () => {
    const response = await slack.verifyUrl(`${stack.ingressUrl}/slack/events`, 'challenge-token-123');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'challenge-token-123' });
    // An event the desk has no use for is acknowledged, so Slack does not retry it.
    const notice = await stack.slackEvent({ type: 'noop' });
    expect(notice.status).toBe(200);
  });

  it("puts follow-ups in the ticket's thread and does not echo the bot's own posts", async () => {
    const learner = 'whatsapp:+27825559004';
    const confirmation = await say(learner, 'ask my merge gives duplicate rows');
    const post = await ticketPost(ticketNumber(confirmation));

    const again = await say(learner, 'ask also, how do I check for duplicate keys first?');
    expect(again).toMatch(new RegExp(`ticket #${ticketNumber(confirmation)}\\*: the mentors see it`));
    expect(again).toMatch(/number \d+\* in the queue/);
    const followUp = await threadPost(post, /check for duplicate keys first/);
    const plain = await say(learner, 'I tried drop_duplicates but nothing changed');
    expect(plain).not.toMatch(/didn't understand/);
    await threadPost(post, /drop_duplicates but nothing changed/);
    expect(slack.channelPosts(SLACK.channel).filter((p) => p.text.includes('merge gives duplicate'))).toHaveLength(1);

    // Slack tells the app about its own posts too: they must not come back to the learner.
    const before = stack.repliesTo(learner).length;
    for (const own of [post, followUp]) expect((await stack.slackEvent(slack.ownPostEvent(own))).status).toBe(200);
    // Even when an event names the bot only as its user, without a bot_id.
    expect((await stack.slackEvent({ ...slack.ownPostEvent(followUp), bot_id: undefined })).status).toBe(200);
    await stack.slackEvent(slack.threadReply(post, SLACK.mentor.id, 'Check `df.duplicated(keys)` first.'));
    const replies = await stack.waitForReplies(learner, before + 1);
    expect(replies.slice(before).map((reply) => reply.body)).toEqual([expect.stringContaining('df.duplicated(keys)')]);
  });

  it('allows at most 3 open tickets, and closing one (✅ or /close) tells the learner and frees a place', async () => {
    const learner = 'whatsapp:+27825559005';
    const first = ticketNumber(await say(learner, 'ask first question'));
    const second = ticketNumber(await say(learner, 'ask new second question'));
    const third = ticketNumber(await say(learner, 'ask new third question'));
    expect(new Set([first, second, third]).size).toBe(3);
    const refused = await say(learner, 'ask new fourth question');
    expect(refused).toMatch(/already have 3 open questions/);
    expect(slack.channelPosts(SLACK.channel).some((post) => post.text.includes('fourth question'))).toBe(false);

    const firstPost = await ticketPost(first);
    expect((await stack.slackEvent(slack.reactionAdded(firstPost, SLACK.mentor.id, 'white_check_mark'))).status).toBe(
      200,
    );
    const closed = await stack.waitForReplies(learner, 5);
    expect(closed[4]?.body).toMatch(new RegExp(`ticket #${first}\\* was closed by Ana`));
    await threadPost(firstPost, /Closed by Ana/);

    const secondPost = await ticketPost(second);
    await stack.slackEvent(slack.threadReply(secondPost, SLACK.mentor.id, '/close'));
    const closedAgain = await stack.waitForReplies(learner, 6);
    expect(closedAgain[5]?.body).toMatch(new RegExp(`ticket #${second}\\* was closed`));
    expect(closedAgain.some((reply) => reply.body.includes('/close'))).toBe(false);

    expect(await say(learner, 'ask new fifth question')).toMatch(/ticket #\d+/);
    const rows = await stack.database.db('tickets').where({ phone: '27825559005' }).orderBy('id');
    expect(rows.map((row) => row.status)).toEqual(['closed', 'closed', 'open', 'open']);
  });

  it('links earlier answered tickets about the same challenge in the new ticket thread', async () => {
    // One challenge left in the cell, so both learners get the same one.
    const [kept] = await stack.database.db('challenges').where({ topic: 'sql', difficulty: 'hard' }).orderBy('code');
    await stack.database
      .db('challenges')
      .where({ topic: 'sql', difficulty: 'hard' })
      .whereNot({ code: kept.code })
      .update({ retired_at: new Date() });
    const [alice, bob] = ['whatsapp:+27825559006', 'whatsapp:+27825559007'];
    await say(alice, 'sql hard');
    const alicePost = await ticketPost(ticketNumber(await say(alice, 'ask is a window function needed here?')));
    await stack.slackEvent(slack.threadReply(alicePost, SLACK.mentor.id, 'Yes: ROW_NUMBER() over each partition.'));
    await waitFor(
      'alice answered',
      async () =>
        (await stack.database.db('tickets').where({ phone: '27825559006' }).whereNotNull('first_answered_at'))
          .length === 1,
    );

    await say(bob, 'sql hard');
    const bobPost = await ticketPost(ticketNumber(await say(bob, 'ask stuck on this one')));
    expect(bobPost.text).toContain(`[${kept.code}]`);
    const links = await threadPost(bobPost, /Earlier answered tickets/);
    expect(links.text).toContain(
      `https://school.slack.com/archives/${SLACK.channel}/p${alicePost.ts.replace('.', '')}`,
    );
  });

  it('tells the learner when Slack refuses the ticket for good, and does not count it as open', async () => {
    const learner = 'whatsapp:+27825559012';
    slack.failNext(
      'channel_not_found',
      1,
      (method, params) => method === 'chat.postMessage' && (params.text?.includes('will this reach anyone') ?? false),
    );
    const confirmation = await say(learner, 'ask will this reach anyone?');
    const [notice] = (await stack.waitForReplies(learner, 2)).slice(1);
    expect(notice?.body).toMatch(new RegExp(`ticket #${ticketNumber(confirmation)}\\* could not reach the mentors`));
    const [ticket] = await stack.database.db('tickets').where({ phone: '27825559012' });
    expect(ticket.status).toBe('failed');
    expect(await say(learner, 'ask trying again')).toMatch(/Your question is \*ticket #/);
  });

  it('bumps a ticket that waits too long without an answer', async () => {
    const learner = 'whatsapp:+27825559008';
    const post = await ticketPost(ticketNumber(await say(learner, 'ask nobody is answering this one')));
    const bump = await threadPost(post, /waited .* without an answer/);
    expect(bump.broadcast).toBe(true);
  });

  it('keeps an answer WhatsApp refuses outside the 24-hour window, tells the mentor, and delivers it once later', async () => {
    const learner = 'whatsapp:+27825559009';
    const post = await ticketPost(ticketNumber(await say(learner, 'ask how do I standardise features?')));
    const before = stack.repliesTo(learner).length;
    stack.twilio.failNext({
      status: 400,
      code: 63016,
      message: 'Failed to send freeform message because you are outside the allowed window.',
    });
    await stack.slackEvent(slack.threadReply(post, SLACK.mentor.id, 'Use StandardScaler, fit on train only.'));

    await threadPost(post, /outside|24 hours/);
    const [template] = (await stack.waitForReplies(learner, before + 1)).slice(before);
    expect(template?.contentSid).toBe(TEMPLATE_SID);
    // By its ContentSid alone: Twilio shows the approved template's text.
    expect(template?.params.Body).toBeUndefined();
    expect(template?.body).toBe(ANSWER_TEMPLATE_TEXT);

    await stack.send(learner, 'OPEN');
    const opened = await stack.waitForReplies(learner, before + 2);
    expect(opened[before + 1]?.body).toContain('Use StandardScaler, fit on train only.');
    await threadPost(post, /has now been delivered/);

    // Delivered exactly once: the next message gets its own answer only.
    const next = await say(learner, 'help');
    expect(next).toMatch(/DataDrill/);
    expect(stack.repliesTo(learner).filter((reply) => reply.body.includes('StandardScaler'))).toHaveLength(1);
  });

  it('sends again only the parts of a long answer that WhatsApp refused half-way (63016)', async () => {
    const learner = 'whatsapp:+27825559013';
    const post = await ticketPost(ticketNumber(await say(learner, 'ask can you explain cross-validation fully?')));
    const before = stack.repliesTo(learner).length;
    const long = `PART-ONE ${'Split the data into k folds and rotate the held-out one. '.repeat(30)}\n\nPART-TWO ${'Average the k scores. '.repeat(40)}`;
    stack.twilio.failNext(
      {
        status: 400,
        code: 63016,
        message: 'Failed to send freeform message because you are outside the allowed window.',
      },
      1,
      (params) => params.Body?.includes('PART-TWO') ?? false,
    );
    await stack.slackEvent(slack.threadReply(post, SLACK.mentor.id, long));
    await threadPost(post, /outside|24 hours/);
    await waitFor('the template invitation', () => stack.repliesTo(learner).some((r) => r.contentSid === TEMPLATE_SID));

    await stack.send(learner, 'OPEN');
    await waitFor('the refused part delivered', () =>
      stack.repliesTo(learner).some((reply) => reply.body.includes('PART-TWO')),
    );
    const bodies = stack
      .repliesTo(learner)
      .slice(before)
      .map((reply) => reply.body);
    expect(bodies.filter((body) => body.includes('PART-ONE'))).toHaveLength(1);
    expect(bodies.filter((body) => body.includes('PART-TWO'))).toHaveLength(1);
  });

  it('does the same when Twilio accepts the answer and its status callback reports 63016', async () => {
    const learner = 'whatsapp:+27825559011';
    const post = await ticketPost(ticketNumber(await say(learner, 'ask is accuracy enough for imbalanced data?')));
    const before = stack.repliesTo(learner).length;
    await stack.slackEvent(slack.threadReply(post, SLACK.mentor.id, 'No: look at precision and recall.'));
    const [answer] = (await stack.waitForReplies(learner, before + 1)).slice(before);
    if (!answer) throw new Error('no answer sent');
    await waitFor('the answer marked sent', async () => {
      const row = await stack.database.db('outbound_messages').where({ twilio_sid: answer.sid }).first();
      return row?.status === 'sent';
    });
    const callback = await stack.twilio.reportStatus(answer, 'undelivered', {
      errorCode: 63016,
      postTo: `${stack.ingressUrl}/twilio/status`,
    });
    expect(callback.status).toBe(204);
    await threadPost(post, /24 hours/);
    const [, template] = (await stack.waitForReplies(learner, before + 2)).slice(before);
    expect(template?.contentSid).toBe(TEMPLATE_SID);

    // Any message from the learner releases it, ahead of the reply to that message.
    await stack.send(learner, 'topics');
    const [, , again, topics] = (await stack.waitForReplies(learner, before + 4)).slice(before);
    expect([again?.body, topics?.body].filter((body) => body?.includes('precision and recall'))).toHaveLength(1);
    await stack.send(learner, 'topics');
    await stack.waitForReplies(learner, before + 5);
    expect(stack.repliesTo(learner).filter((reply) => reply.body.includes('precision and recall'))).toHaveLength(2);
  });
});

describe('ask without the mentor desk configured', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'nodesk' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('tells the learner mentors are not available yet, and the rest works', async () => {
    const learner = 'whatsapp:+27825559010';
    await stack.send(learner, 'ask can someone help me?');
    const [reply] = await stack.waitForReplies(learner, 1);
    expect(reply?.body).toMatch(/Mentors are not available yet/);
    await stack.send(learner, 'python easy');
    const [, challenge] = await stack.waitForReplies(learner, 2);
    expect(challenge?.body).toMatch(CODE);
    const events = await fetch(`${stack.ingressUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(events.status).toBe(404);
  });
});
