import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, SLACK, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { recordScenario, tally } from './scenario-table.js';

const SPELL_MS = 120_000;

describe('Slack failing for minutes', () => {
  let stack: BotStack;
  let slack: NonNullable<BotStack['slack']>;
  beforeAll(async () => {
    // Pauses of 5 s at most, so the test sees the desk resume soon after the spell (30 s in production).
    stack = await startBotStack({ label: 'slackdown', mentorDesk: true, workerEnv: { OUTAGE_MAX_PAUSE_MS: '5000' } });
    slack = stack.slack as NonNullable<BotStack['slack']>;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const posted = (text: string) =>
    slack.channelPosts(SLACK.channel).find((post) => post.text.includes(text)) ??
    slack
      .channelPosts(SLACK.channel)
      .flatMap((post) => slack.thread(post.ts))
      .find((post) => post.text.includes(text));

  it('9. Slack answering 500 for 2 minutes while a ticket is asked and answered: all posted after, nothing failed', async () => {
    const asker = 'whatsapp:+27825557201';
    const waiting = 'whatsapp:+27825557202';
    await stack.send(asker, 'ask why is my regression slope negative?');
    const ticket = await waitFor('the first ticket posted', () => posted('why is my regression slope negative'));

    slack.failFor(SPELL_MS);
    const spellEnds = Date.now() + SPELL_MS;
    // During the spell: a new ticket, a follow-up in the open one, and a mentor's answer from the thread.
    await stack.send(waiting, 'ask how do I pick k in k-means?');
    await stack.send(asker, 'I standardised the features first');
    await stack.slackEvent(slack.threadReply(ticket, SLACK.mentor.id, 'Check the sign of your correlation.'));
    const answered = await waitFor('the answer to reach the learner during the spell', () =>
      stack.repliesTo(asker).some((reply) => reply.body.includes('sign of your correlation')),
    );
    expect(answered).toBe(true);
    expect(Date.now()).toBeLessThan(spellEnds);

    await waitFor(
      'the new ticket and the follow-up posted after the spell',
      () => posted('how do I pick k in k-means') && posted('I standardised the features first'),
      SPELL_MS + 60_000,
    );
    expect(stack.repliesTo(waiting).map((reply) => reply.body)).toEqual([expect.stringMatching(/ticket #\d+/)]);
    const [row] = await stack.database.db('tickets').where({ phone: '27825557202' });
    expect(row.status).toBe('open');
    expect(await stack.queue.mentor.getFailedCount()).toBe(0);
    expect(stack.repliesTo(asker).filter((reply) => reply.body.includes('sign of your correlation'))).toHaveLength(1);
    // The asker: the ticket's confirmation, the follow-up's acknowledgement, the answer.
    const result = tally(
      '9. Slack 500 for 2 minutes (ticket asked, followed up, answered)',
      new Map([
        [asker, 3],
        [waiting, 1],
      ]),
      new Map([
        [asker, stack.repliesTo(asker).length],
        [waiting, stack.repliesTo(waiting).length],
      ]),
    );
    recordScenario(result);
    expect(result).toMatchObject({ duplicates: 0, lost: 0 });
  }, 300_000);
});
