import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FakeTwilio, inboundParams, postWebhook, signWebhook } from '@datadrill/fake-twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER, DASHBOARD, PUBLIC_URL } from '../support/bot-stack.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTestQueue, TEST_REDIS_URL, type TestQueue } from '../support/test-queue.js';
import { waitFor } from '../support/wait-for.js';
import { recordReplies } from './scenario-table.js';

/**
 * Docker has no engine on these machines, so this re-enacts the image: the Dockerfile's COPY steps
 * into a scratch folder (honouring .dockerignore), its pnpm steps there offline from the lockfile,
 * then the image's command and the compose worker's command, stopped with SIGTERM as `docker stop`
 * does. Steps that provision the base system (apt-get, npm -g) are the base image's, not re-run.
 */
const ROOT = process.cwd();
/** docker-compose's stop_grace_period for the apps: past it Docker kills the process. */
const GRACE_MS = 30_000;

interface Image {
  dir: string;
  env: Record<string, string>;
  command: string[];
  skipped: string[];
}

function instructions(dockerfile: string): Array<{ op: string; args: string }> {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

function ignored(): (path: string) => boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((pattern) => pattern.replace(/^\*\*\//, ''));
  return (path) => {
    const parts = relative(ROOT, path).split('/');
    return patterns.some((pattern) => parts.includes(pattern) || relative(ROOT, path) === pattern);
  };
}

function buildImage(): Image {
  const dir = mkdtempSync(join(tmpdir(), 'dd-image-'));
  const skip = ignored();
  const env: Record<string, string> = {};
  const skipped: string[] = [];
  let workdir = dir;
  let command: string[] = [];
  for (const { op, args } of instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))) {
    if (op === 'WORKDIR') workdir = dir; // the app's files are the scratch folder's
    if (op === 'ENV') {
      const [key, value] = args.split('=');
      if (key && value !== undefined) env[key] = value;
    }
    if (op === 'COPY') {
      const paths = args.split(/\s+/).filter((arg) => !arg.startsWith('--'));
      const destination = join(workdir, paths.pop() ?? '.');
      for (const source of paths) {
        const into = source === '.' ? destination : join(destination, source);
        cpSync(join(ROOT, source), into, { recursive: true, filter: (path) => !skip(path) });
      }
    }
    if (op === 'RUN') {
      if (args.startsWith('pnpm ')) {
        execFileSync('pnpm', args.split(/\s+/).slice(1), {
          cwd: workdir,
          stdio: 'pipe',
          env: { ...process.env, CI: '1' },
        });
      } else skipped.push(args);
    }
    if (op === 'CMD') command = JSON.parse(args) as string[];
  }
  return { dir, env, command, skipped };
}

interface Running {
  child: ChildProcess;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(image: Image, command: string[], env: Record<string, string>): Running {
  const [file = 'node', ...args] = command;
  const child = spawn(file === 'node' ? process.execPath : file, args, {
    cwd: image.dir,
    env: { PATH: process.env.PATH ?? '', ...image.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exit };
}

const urlIn = (running: Running, pattern: RegExp) =>
  waitFor(
    `a log line matching ${pattern}`,
    () => {
      if (running.child.exitCode !== null) throw new Error(`exited:\n${running.output.join('\n')}`);
      const line = running.output.find((text) => pattern.test(text));
      return line && /(https?:\/\/[\d.:[\]a-z]+)/.exec(line)?.[1];
    },
    60_000,
  );

async function stopsCleanly(running: Running) {
  const started = Date.now();
  running.child.kill('SIGTERM');
  const { code, signal } = await Promise.race([
    running.exit,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('still running after the grace period')), GRACE_MS),
    ),
  ]);
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(Date.now() - started).toBeLessThan(GRACE_MS);
}

describe('the image, re-enacted without Docker', () => {
  let image: Image;
  let database: TestDatabase;
  let queue: TestQueue;
  let twilio: FakeTwilio;
  beforeAll(async () => {
    image = buildImage();
    database = await createTestDatabase('image');
    queue = createTestQueue('image');
    twilio = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
  }, 300_000);
  afterAll(async () => {
    if (image) rmSync(image.dir, { recursive: true, force: true });
    await Promise.all([database?.drop(), queue?.drop(), twilio?.close()]);
  });

  it('11. installs from the lockfile alone, starts the ingress and a worker as the image does, and stops both on SIGTERM', async () => {
    expect(image.command[0]).toBe('node');
    expect(image.env.NODE_ENV).toBe('production');
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { command: string[] }>;
    };
    const workerCommand = compose.services.worker?.command ?? [];
    expect(workerCommand[0]).toBe('node');
    const shared = {
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: queue.prefix,
      DATABASE_URL: database.url,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      LOG_LEVEL: 'info',
    };
    const ingress = run(image, image.command, {
      ...shared,
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL,
      DASHBOARD_PASSWORD: DASHBOARD.password,
      DASHBOARD_PORT: '0',
      DASHBOARD_HOST: '127.0.0.1',
    });
    const worker = run(image, workerCommand, {
      ...shared,
      TWILIO_WHATSAPP_FROM: BOT_NUMBER,
      TWILIO_API_URL: twilio.url,
      WORKER_HEALTH_PORT: '0',
      WORKER_HEALTH_HOST: '127.0.0.1',
    });
    try {
      const ingressUrl = await urlIn(ingress, /Server listening at/);
      const workerUrl = await urlIn(worker, /health server listening at/);
      expect((await fetch(`${ingressUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${workerUrl}/healthz`)).status).toBe(200);
      const learner = 'whatsapp:+27825557301';
      const params = inboundParams(ACCOUNT_SID, learner, BOT_NUMBER, 'python easy');
      await postWebhook(`${ingressUrl}/bot`, params, signWebhook(AUTH_TOKEN, `${PUBLIC_URL}/bot`, params));
      await waitFor('the reply', () => twilio.sentTo(learner).length >= 1);
      const row = recordReplies(
        '11. the image: installed from the lockfile, started, answered, stopped by SIGTERM',
        [learner],
        (one) => twilio.sentTo(one).length,
      );
      expect(row).toMatchObject({ duplicates: 0, lost: 0 });
      await stopsCleanly(worker);
      await stopsCleanly(ingress);
      expect(worker.output.join('\n')).toMatch(/"msg":"stopped"/);
    } finally {
      ingress.child.kill('SIGKILL');
      worker.child.kill('SIGKILL');
    }
  });
});
