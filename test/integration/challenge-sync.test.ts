import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Challenge } from '@datadrill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../apps/worker/src/challenges/load-library.js';
import { syncChallenges } from '../../apps/worker/src/repositories/sync-challenges.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

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

  it('pnpm challenges:sync prints a short summary: counts, and codes only when few changed', async () => {
    await database.db('challenges').delete();
    const sync = () =>
      run(process.execPath, ['--import', 'tsx', 'apps/worker/src/scripts/sync-challenges.ts'], {
        env: { PATH: process.env.PATH ?? '', ENV_FILE: '', DATABASE_URL: database.url },
      });
    const first = await sync();
    expect(first.stdout).toMatch(/challenges: 315 added, 0 changed, 0 retired, 0 unchanged/);
    expect(first.stdout).not.toMatch(/python-easy-001/);
    // As if its file had changed since the last sync.
    await database.db('challenges').where({ code: 'python-easy-001' }).update({ content_hash: 'outdated' });
    const second = await sync();
    expect(second.stdout).toMatch(/0 added, 1 changed, 0 retired, 314 unchanged/);
    expect(second.stdout).toMatch(/changed: python-easy-001/);
  });
});
