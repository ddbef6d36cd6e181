import type { RenderedContent, SentMessage } from '@datadrill/fake-twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

const CODE = /\[([a-z-]+-(?:easy|medium|hard)-\d{3})\]/;
const codeOf = (message: SentMessage | undefined) => CODE.exec(message?.body ?? '')?.[1];
const MULTIPLE_CHOICE = 'statistics-easy-012';

type Buttons = Extract<RenderedContent, { type: 'twilio/quick-reply' }>;
type List = Extract<RenderedContent, { type: 'twilio/list-picker' }>;
const buttonsOf = (message: SentMessage | undefined) => message?.content as Buttons | undefined;
const listOf = (message: SentMessage | undefined) => message?.content as List | undefined;

describe('buttons and lists on WhatsApp (Twilio Content API)', () => {
  let stack: BotStack;
  beforeAll(async () => {
    // Two workers start together: each template must still be created once.
    stack = await startBotStack({ label: 'buttons', workers: 2, env: { DAILY_CHALLENGE_LIMIT: '5' } });
    await waitFor('the templates', () => stack.twilio.content.contents.length >= 13 || undefined);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Sends one message (or tap) and returns the bot's answer to it. */
  async function ask(learner: string, text: string, overrides: Record<string, string> = {}): Promise<SentMessage> {
    const before = stack.repliesTo(learner).length;
    await stack.send(learner, text, overrides);
    const replies = await stack.waitForReplies(learner, before + 1);
    return replies.at(-1) as SentMessage;
  }

  /** A tap on a quick-reply button of `message`, as Twilio posts it. */
  function tapButton(learner: string, message: SentMessage | undefined, title: string) {
    const button = buttonsOf(message)?.buttons.find((b) => b.title === title);
    if (!message || !button) throw new Error(`no "${title}" button on ${message?.body.slice(0, 60)}`);
    return ask(learner, button.title, {
      ButtonText: button.title,
      ButtonPayload: button.id,
      MessageType: 'button',
      OriginalRepliedMessageSid: message.sid,
    });
  }

  /** A pick from the list of `message`, as Twilio posts it. */
  function pickRow(learner: string, message: SentMessage | undefined, id: string) {
    const row = listOf(message)?.items.find((item) => item.id === id);
    if (!message || !row) throw new Error(`no row ${id} on ${message?.body.slice(0, 60)}`);
    return ask(learner, row.item, {
      ListId: row.id,
      ListTitle: row.item,
      MessageType: 'interactive',
      OriginalRepliedMessageSid: message.sid,
    });
  }

  const lastInteraction = (phone: string) =>
    stack.database.db('interactions').where({ phone }).orderBy('id', 'desc').first();

  it('creates each template once at start-up, found by its friendly name, even with two workers starting together', async () => {
    const names = stack.twilio.content.contents.map((content) => content.friendly_name).sort();
    expect(names).toHaveLength(13);
    expect(new Set(names).size).toBe(13);
    expect(names).toContain('datadrill_buttons_3_v1');
    expect(names).toContain('datadrill_list_10_v1');
    expect(stack.twilio.content.createCalls).toBe(13);

    // A worker started later finds them and creates nothing.
    const later = await stack.addWorker();
    await later.waitForLog(/worker ready/);
    const learner = 'whatsapp:+27825557009';
    await ask(learner, 'help');
    expect(stack.twilio.content.createCalls).toBe(13);
  });

  it('sends a challenge, its quota line and Hint · Solution · Another as one message naming the challenge', async () => {
    const learner = 'whatsapp:+27825557001';
    await ask(learner, 'hi');
    const challenge = await ask(learner, 'python easy');
    const code = codeOf(challenge);
    expect(challenge.contentSid).toBe(
      stack.twilio.content.contents.find((c) => c.friendly_name === 'datadrill_buttons_3_v1')?.sid,
    );
    expect(challenge.params.Body).toBeUndefined();
    expect(challenge.body).toMatch(/more challenges? available today/);
    expect(buttonsOf(challenge)?.buttons).toEqual([
      { title: 'Hint', id: `dd:hint:${code}` },
      { title: 'Solution', id: `dd:solution:${code}` },
      { title: 'Another', id: `dd:another:${code}` },
    ]);
    expect(JSON.parse(challenge.contentVariables ?? '{}')).toMatchObject({ '3': `dd:hint:${code}` });
  });

  it('acts on the challenge a tapped button belongs to, not the latest, and logs the tap like a typed command', async () => {
    const learner = 'whatsapp:+27825557002';
    const phone = learner.replace('whatsapp:+', '');
    const first = await ask(learner, 'python easy');
    const second = await ask(learner, 'python easy');
    expect(codeOf(second)).not.toBe(codeOf(first));

    const hint = await tapButton(learner, first, 'Hint');
    expect(hint.body).toContain(`Hint* for [${codeOf(first)}]`);
    expect(await lastInteraction(phone)).toMatchObject({
      command: 'hint',
      via: 'button',
      keywords: 'Hint',
      challenge_code: codeOf(first),
    });

    // Another keeps the level of the challenge tapped, and counts like any challenge.
    const another = await tapButton(learner, first, 'Another');
    expect(codeOf(another)).toMatch(/^python-easy-/);
    expect(await lastInteraction(phone)).toMatchObject({ command: 'challenge', via: 'button', outcome: 'challenge' });

    // Typed commands keep working next to the buttons.
    expect((await ask(learner, `solution ${codeOf(second)}`)).body).toContain(`Solution* for [${codeOf(second)}]`);
  });

  it('says why a tap cannot act when the daily limit is reached, and offers what costs nothing', async () => {
    const learner = 'whatsapp:+27825557003';
    const first = await ask(learner, 'sql easy');
    for (let i = 0; i < 4; i++) await ask(learner, 'sql easy');
    const refused = await tapButton(learner, first, 'Another');
    expect(refused.body).toMatch(/daily limit of 5/);
    expect(buttonsOf(refused)?.buttons.map((b) => b.title)).toEqual(['Progress']);
    const progress = await tapButton(learner, refused, 'Progress');
    expect(progress.body).toMatch(/sql/i);
  });

  it('offers a multiple-choice challenge’s options as a list; a tapped option is an answer to that challenge', async () => {
    const db = stack.database.db;
    const others = db('challenges')
      .where({ topic: 'statistics', difficulty: 'easy' })
      .whereNot({ code: MULTIPLE_CHOICE })
      .whereNull('retired_at');
    const retired = await others.clone().pluck('code');
    await others.clone().update({ retired_at: new Date() });
    try {
      const learner = 'whatsapp:+27825557004';
      const phone = learner.replace('whatsapp:+', '');
      const challenge = await ask(learner, 'statistics easy');
      expect(codeOf(challenge)).toBe(MULTIPLE_CHOICE);
      const list = listOf(challenge);
      expect(list?.type).toBe('twilio/list-picker');
      expect(list?.button).toBe('Answer');
      expect(list?.items.map((row) => row.item)).toEqual([
        'a) Non-response bias; s…',
        'b) Survivorship bias; s…',
        'c) Survivorship bias; s…',
        'd) No bias, since every…',
        'Hint',
        'Solution',
      ]);
      expect(list?.items[1]?.description).toBe('Survivorship bias; satisfaction is overestimated');

      const wrong = await pickRow(learner, challenge, `dd:answer:${MULTIPLE_CHOICE}:c`);
      expect(wrong.body).toMatch(/Not quite/);
      const right = await pickRow(learner, challenge, `dd:answer:${MULTIPLE_CHOICE}:b`);
      expect(right.body).toMatch(/Right!/);
      expect(buttonsOf(right)?.buttons.map((b) => b.title)).toEqual(['Next', 'Progress']);
      const attempts = await db('attempts').where({ phone }).orderBy('id');
      expect(attempts.map((a) => [a.via, a.verdict])).toEqual([
        ['list', 'wrong'],
        ['list', 'right'],
      ]);
      // A list row can be tapped again: the challenge is solved, and the bot says so.
      expect((await pickRow(learner, challenge, `dd:answer:${MULTIPLE_CHOICE}:b`)).body).toMatch(/already solved/);
      // Next: another statistics challenge at the learner's level.
      expect(codeOf(await tapButton(learner, right, 'Next'))).toMatch(/^statistics-/);
    } finally {
      await db('challenges').whereIn('code', retired).update({ retired_at: null });
    }
  });

  it('answers topics (and help) with a list of topics; a picked topic brings a challenge in it', async () => {
    const learner = 'whatsapp:+27825557005';
    await ask(learner, 'hello');
    const topics = await ask(learner, 'topics');
    const rows = listOf(topics)?.items ?? [];
    expect(listOf(topics)?.button).toBe('Topics');
    expect(rows.map((row) => row.id)).toContain('dd:topic:machine-learning');
    expect(rows.at(-1)?.id).toBe('dd:random');
    expect(rows.every((row) => Array.from(row.item).length <= 24 && Array.from(row.description).length <= 72)).toBe(
      true,
    );
    const challenge = await pickRow(learner, topics, 'dd:topic:sql');
    expect(codeOf(challenge)).toMatch(/^sql-easy-/);
    expect(await lastInteraction(learner.replace('whatsapp:+', ''))).toMatchObject({ via: 'list', topic: 'sql' });
    expect(listOf(await ask(learner, 'help'))?.button).toBe('Topics');
  });

  it('reads a tap on a button it did not make (a school template) by its label, and says when one of its own is stale', async () => {
    const learner = 'whatsapp:+27825557006';
    await ask(learner, 'hi');
    const reply = await ask(learner, 'python easy', { ButtonText: 'python easy', ButtonPayload: 'SCHOOL_PROMO_1' });
    expect(codeOf(reply)).toMatch(/^python-easy-/);
    // One of ours that names nothing any more is never guessed at from its label.
    const stale = await ask(learner, 'Another', {
      ButtonText: 'Another',
      ButtonPayload: 'dd:another:cooking-easy-001',
    });
    expect(stale.body).toMatch(/older message I can no longer act on/);
    expect(await lastInteraction(learner.replace('whatsapp:+', ''))).toMatchObject({
      outcome: 'tap_expired',
      via: 'button',
    });
  });
});
