import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../../test/support/test-database.js';
import { waitFor } from '../../test/support/wait-for.js';
import { cpuMeter, pidsOf } from './end-to-end.js';
import { postWebhooks, signedWebhooks } from './load.js';

// Debian's python3, where the apt packages are (a pyenv or virtualenv python3 may come first on PATH).
const PYTHON = '/usr/bin/python3';
const GUNICORN = '/usr/bin/gunicorn';
const REFERENCE_DIR = fileURLToPath(new URL('../reference/', import.meta.url));

export interface FlaskBotResult {
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Errors and non-2xx answers (none expected). */
  errors: number;
  cpuMsPerMessage: Record<'gunicorn' | 'mysql' | 'load generator', number>;
}

/** Why the original Flask bot cannot run on this machine, or undefined when it can. */
export function flaskBotMissing(): string | undefined {
  if (!existsSync(GUNICORN)) return `${GUNICORN} is not installed`;
  try {
    execFileSync(PYTHON, ['-c', 'import flask, flask_sqlalchemy, pymysql'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${PYTHON} cannot import flask, flask_sqlalchemy and pymysql`;
  }
}

/**
 * The design DataDrill replaced (bench/reference/flask_bot.py) under gunicorn's sync workers, on
 * a database of its own: webhooks answered per second at 50 connections, each from a new learner
 * (as end to end), and the CPU every process spent per answer.
 */
export async function runFlaskBot(options: { workers: number; seconds: number }): Promise<FlaskBotResult> {
  const database = await createTestDatabase('bench-reference');
  let gunicorn: ChildProcess | undefined;
  try {
    // The helper migrates DataDrill's schema into the new database; the Flask bot makes its own.
    await database.db.transaction(async (trx) => {
      const [rows = []] = await trx.raw<[Array<Record<string, string>>]>('SHOW TABLES');
      const tables = rows.flatMap((row) => Object.values(row));
      await trx.raw('SET foreign_key_checks = 0');
      await trx.raw(`DROP TABLE ${tables.map(() => '??').join(', ')}`, tables);
    });
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: database.url.replace(/^mysql:/, 'mysql+pymysql:') };
    execFileSync(PYTHON, ['flask_bot.py'], { cwd: REFERENCE_DIR, env, stdio: 'inherit' });
    const child = spawn(GUNICORN, ['-w', String(options.workers), '-b', '127.0.0.1:0', 'flask_bot:app'], {
      cwd: REFERENCE_DIR,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    gunicorn = child;
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    const url = await waitFor(`gunicorn to boot ${options.workers} workers\n${log}`, () => {
      if (child.exitCode !== null) throw new Error(`gunicorn exited with ${child.exitCode}:\n${log}`);
      const booted = log.match(/Booting worker/g)?.length ?? 0;
      return booted >= options.workers && /Listening at: (\S+)/.exec(log)?.[1];
    });

    // Warm up (imports, each worker's connection), then new learners: every answer takes the full path.
    await postWebhooks({ url, webhooks: signedWebhooks(200), connections: 10, connectionPerRequest: true });
    const webhooks = signedWebhooks(Math.max(2000, options.seconds * 6000));
    const cpu = cpuMeter({
      gunicorn: pidsOf('gunicorn'), // the master and its workers
      mysql: pidsOf('mariadbd', 'mysqld'),
      'load generator': [process.pid],
    });
    const load = await postWebhooks({ url, webhooks, durationSeconds: options.seconds, connectionPerRequest: true });
    const cpuMs = cpu();
    if (load.sent > webhooks.length) throw new Error(`only ${webhooks.length} learners for ${load.sent} answers`);
    // Every answer took the full path (a challenge, recorded), none the quota's refusal.
    const recorded = Number((await database.db('interactions').count({ n: '*' }).first())?.n);
    if (recorded < 200 + load.sent - load.errors) throw new Error(`${recorded} interactions for ${load.sent} answers`);
    return {
      messagesPerSecond: load.requestsPerSecond,
      p50Ms: load.p50Ms,
      p99Ms: load.p99Ms,
      errors: load.errors,
      cpuMsPerMessage: {
        gunicorn: cpuMs.gunicorn / load.sent,
        mysql: cpuMs.mysql / load.sent,
        'load generator': cpuMs['load generator'] / load.sent,
      },
    };
  } finally {
    if (gunicorn?.exitCode === null) {
      const exited = once(gunicorn, 'exit');
      gunicorn.kill('SIGTERM');
      await exited;
    }
    await database.drop();
  }
}
