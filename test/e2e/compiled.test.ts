import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../apps/worker/src/repositories/connect.js';
import { COMPILED_ENTRY } from '../support/app-process.js';
import { type BotStack, startBotStack } from '../support/bot-stack.js';

const SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const CODE = /\[([a-z-]+-(?:easy|medium|hard)-\d{3})\]/;

/**
 * Production runs `pnpm build`'s output with node, never tsx: this builds it (always, so the test
 * never runs a stale bundle; esbuild takes about a second) and runs the release step and the learner
 * flow on the compiled migrate/sync scripts, ingress and worker.
 */
describe('the compiled apps (pnpm build, then node on dist/)', () => {
  let stack: BotStack | undefined;
  beforeAll(() => {
    execFileSync('pnpm', ['-s', 'build'], { stdio: 'pipe' });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('builds a bundle with a source map for each app', () => {
    for (const entry of Object.values(COMPILED_ENTRY)) {
      expect(existsSync(entry), entry).toBe(true);
      expect(existsSync(`${entry}.map`), `${entry}.map`).toBe(true);
    }
  });

  it('migrates an empty database and loads the library with the compiled release scripts', async () => {
    const name = `dd_test_compiled_${randomBytes(4).toString('hex')}`;
    const env = { PATH: process.env.PATH ?? '', ENV_FILE: '', DATABASE_URL: `${SERVER_URL}/${name}` };
    const run = (script: string) =>
      execFileSync(process.execPath, ['--enable-source-maps', `apps/worker/dist/scripts/${script}.js`], {
        env,
        encoding: 'utf8',
      });
    const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
    try {
      expect(run('migrate')).toMatch(/applied: 001_initial, 002_mentor_desk, /);
      expect(run('sync-challenges')).toMatch(/challenges: \d{3} added/);
      expect(run('migrate')).toMatch(/database is up to date/);
      const [row] = await db('challenges').count({ count: '*' });
      expect(Number(row?.count)).toBeGreaterThan(300);
    } finally {
      await db.raw('DROP DATABASE IF EXISTS ??', [name]);
      await db.destroy();
    }
  });

  it('answers a learner through the compiled ingress and worker, and both stop on SIGTERM', async () => {
    stack = await startBotStack({ label: 'compiled', compiled: true });
    const learner = 'whatsapp:+27825550190';
    expect(await stack.say(learner, 'help')).toMatch(/python easy/);
    expect(await stack.say(learner, 'python easy')).toMatch(CODE);
    const [ingress, worker] = [stack.ingress, stack.workers[0]];
    await stack.stop();
    stack = undefined;
    expect(ingress.child.exitCode).toBe(0);
    expect(worker?.child.exitCode).toBe(0);
    expect(worker?.output.join('\n')).toMatch(/"msg":"stopped"/);
  });
});
