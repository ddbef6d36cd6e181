import type { Challenge } from '@datadrill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../apps/worker/src/challenges/load-library.js';
import { syncChallenges } from '../../apps/worker/src/repositories/sync-challenges.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('loading the library into MySQL', () => {
  let database: TestDatabase;
  let library: Challenge[];
  beforeAll(async () => {
    database = await createTestDatabase('sync');
    library = (await loadLibrary('challenges')).challenges;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('ships every core topic in every difficulty, and loads without problems', async () => {
    const { problems } = await loadLibrary('challenges');
    expect(problems).toEqual([]);
    for (const topic of ['python', 'sql', 'statistics', 'linear-algebra']) {
      for (const difficulty of ['easy', 'medium', 'hard']) {
        const cell = library.filter((c) => c.topic === topic && c.difficulty === difficulty);
        expect(cell.length, `${topic} ${difficulty}`).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it('is idempotent: a second sync changes nothing', async () => {
    const report = await syncChallenges(database.db, library);
    expect(report).toEqual({ added: [], changed: [], retired: [], unchanged: library.length });
  });

  it('updates an edited challenge in place and retires a removed one without deleting it', async () => {
    const [first, second, ...rest] = library;
    if (!first || !second) throw new Error('the library is empty');
    const edited = { ...first, text: `${first.text}\nNow also explain your answer.` };
    const report = await syncChallenges(database.db, [edited, ...rest]);
    expect(report).toMatchObject({ added: [], changed: [first.code], retired: [second.code] });

    const retired = await database.db('challenges').where({ code: second.code }).first();
    expect(retired?.retired_at).toBeInstanceOf(Date);
    expect((await database.db('challenges').where({ code: first.code }).first())?.text).toMatch(/explain your answer/);

    const restored = await syncChallenges(database.db, library);
    expect(restored).toMatchObject({ added: [], changed: [first.code, second.code].sort(), retired: [] });
  });
});
