import { answerFromStorage } from '@datadrill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../apps/worker/src/challenges/load-library.js';
import { syncChallenges } from '../../apps/worker/src/repositories/sync-challenges.js';
import { type BotStack, startBotStack } from '../support/bot-stack.js';

const CODE = /\[([a-z-]+-(?:easy|medium|hard)-\d{3})\]/;
const codeOf = (body: string | undefined) => CODE.exec(body ?? '')?.[1];

describe('the commands learners type', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'commands', env: { DAILY_CHALLENGE_LIMIT: '50' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Sends one message and returns the bot's answer to it. */
  async function ask(learner: string, text: string): Promise<string> {
    const before = stack.repliesTo(learner).length;
    await stack.send(learner, text);
    const replies = await stack.waitForReplies(learner, before + 1);
    return replies[before]?.body ?? '';
  }

  it('never repeats a challenge until the learner has seen the whole cell, then repeats the oldest', async () => {
    const poolSize = Number(
      (await stack.database.db('challenges').where({ topic: 'sql', difficulty: 'easy' }).count({ n: '*' }))[0]?.n,
    );
    const alice = 'whatsapp:+27825551001';
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < poolSize; i++) codes.push(codeOf(await ask(alice, 'sql easy')));
    expect(new Set(codes).size).toBe(poolSize);
    expect(codeOf(await ask(alice, 'sql easy'))).toBe(codes[0]);

    // Another learner's history is their own.
    const bob = 'whatsapp:+27825551002';
    const bobCodes = [codeOf(await ask(bob, 'easy sql')), codeOf(await ask(bob, 'SQL, easy please'))];
    expect(new Set(bobCodes).size).toBe(2);
  });

  it('moves a learner who names only the topic up a level after 3 of their last 4 solved, and says why', async () => {
    const learner = 'whatsapp:+27825551003';
    const levels = [];
    for (let i = 0; i < 3; i++) {
      const code = codeOf(await ask(learner, 'python')) ?? '';
      levels.push(code.split('-')[1]);
      const row = await stack.database.db('challenges').where({ code }).first('answer');
      expect(await ask(learner, `answer ${answerFromStorage(row.answer).values.join(', ')}`)).toMatch(/✅ \*Right!\*/);
    }
    const fourth = await ask(learner, 'python');
    levels.push(codeOf(fourth)?.split('-')[1]);
    expect(levels).toEqual(['easy', 'easy', 'easy', 'medium']);
    expect(fourth).toMatch(/^🚀 3 of your last 3 python easy right — here is a medium one/);
  });

  it('answers a photo, a voice note, a location or a sticker without words with one clear line, never silence', async () => {
    const learner = 'whatsapp:+27825551009';
    await ask(learner, 'help');
    const media = (type: string) => ({
      NumMedia: '1',
      MediaContentType0: type,
      MediaUrl0: 'https://api.twilio.com/media/ME1',
    });
    const reply = async (overrides: Record<string, string>) => {
      const before = stack.repliesTo(learner).length;
      await stack.send(learner, '', overrides);
      return (await stack.waitForReplies(learner, before + 1))[before]?.body ?? '';
    };
    expect(await reply(media('image/jpeg'))).toMatch(
      /I can't read a photo myself, but a mentor can.*ask <your question>/s,
    );
    expect(await reply(media('audio/ogg'))).toMatch(/can't read a voice note/);
    expect(await reply({ Latitude: '-26.2041', Longitude: '28.0473', MessageType: 'location' })).toMatch(
      /can't use a location/,
    );
    expect(await reply({ MessageType: 'sticker', ...media('image/webp') })).toMatch(/Thanks for the sticker/);
  });

  it('answers random, topics, typos and near misses', async () => {
    const learner = 'whatsapp:+27825551004';
    expect(await ask(learner, 'random')).toMatch(CODE);
    expect(await ask(learner, 'topics')).toMatch(/python\*: easy \d+ · medium \d+ · hard \d+/);
    expect(codeOf(await ask(learner, 'pyhton eazy'))).toMatch(/^python-easy-/);
    expect(await ask(learner, 'pyth easy')).toMatch(/Did you mean \*python easy\*\?/);
  });

  it('gives hints for any challenge and solutions only for challenges the learner was sent', async () => {
    const learner = 'whatsapp:+27825551005';
    const hint = await ask(learner, 'hint python-easy-001');
    expect(hint).toMatch(/Hint.*\[python-easy-001\]/);
    expect(hint).toContain('generator expression');
    expect(await ask(learner, 'solution python-easy-001')).toMatch(/Solutions are for challenges you have been sent/);
    expect(await ask(learner, 'hint python-easy-999')).toMatch(/I don't know the challenge \[python-easy-999\]/);

    const code = codeOf(await ask(learner, 'linalg easy'));
    const solution = await ask(learner, `solution ${code}`);
    expect(solution).toMatch(new RegExp(`Solution\\* for \\[${code}\\]`));

    const rows = await stack.database.db('interactions').where({ phone: '27825551005' }).orderBy('id');
    expect(rows.map((row) => [row.command, Number(row.counted)])).toEqual([
      ['hint', 0],
      ['solution', 0],
      ['hint', 0],
      ['challenge', 1],
      ['solution', 0],
    ]);
  });

  it('splits a reply longer than WhatsApp allows into ordered parts', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `Step ${i + 1}: ${'think about the data. '.repeat(4)}`).join(
      '\n',
    );
    await stack.database.db('challenges').where({ code: 'python-easy-002' }).update({ hint: long });
    const learner = 'whatsapp:+27825551006';
    await ask(learner, 'help'); // the first reply carries the welcome
    await stack.send(learner, 'hint python-easy-002');
    const parts = (await stack.waitForReplies(learner, 3)).slice(1);
    expect(parts.map((part) => part.body.slice(0, 6))).toEqual(['(1/2) ', '(2/2) ']);
    expect(parts.every((part) => part.body.length <= 1600)).toBe(true);
    expect(parts.map((part) => part.body).join('\n')).toContain('Step 30:');
  });

  it('serves a changed library as soon as it is synced, without restarting the worker', async () => {
    const { challenges } = await loadLibrary('challenges');
    const added = {
      code: 'sql-hard-099',
      topic: 'sql' as const,
      difficulty: 'hard' as const,
      title: 'Freshly added',
      text: 'Table `t(x INT)`. Return the rows of t whose x is above the average x.',
    };
    const report = await syncChallenges(stack.database.db, [
      ...challenges.filter((c) => !(c.topic === 'sql' && c.difficulty === 'hard')),
      added,
    ]);
    expect(report.added).toEqual(['sql-hard-099']);
    expect(report.retired).toHaveLength(15);
    try {
      expect(codeOf(await ask('whatsapp:+27825551007', 'sql hard'))).toBe('sql-hard-099');
    } finally {
      await syncChallenges(stack.database.db, challenges);
    }
  });
});
