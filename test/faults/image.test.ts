import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeTwilio, inboundParams, postWebhook, signWebhook } from '@datadrill/fake-twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildImage, type Image } from '../../scripts/reenact-image.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER, DASHBOARD, PUBLIC_URL } from '../support/bot-stack.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTestQueue, TEST_REDIS_URL, type TestQueue } from '../support/test-queue.js';
import { waitFor } from '../support/wait-for.js';
import { recordReplies } from './scenario-table.js';

/**
 * Docker has no engine on these machines, so this re-enacts the multi-stage build (scripts/reenact-image.ts:
 * each stage in a scratch folder, COPY --from between them, the pnpm steps offline from the lockfile),
 * then runs the compose migrate command, the image's command and the compose worker's command from the
 * final stage's folder alone, and stops them with SIGTERM as `docker stop` does.
 */
const ROOT = process.cwd();
/** docker-compose's stop_grace_period for the apps: past it Docker kills the process. */
const GRACE_MS = 30_000;

interface ComposeService {
  command?: string[];
  profiles?: string[];
  ports?: string[];
  container_name?: string;
  build?: string | { target?: string };
  depends_on?: Record<string, { condition: string }>;
}

interface Running {
  child: ChildProcess;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(image: Image, command: string[], env: Record<string, string>): Running {
  const [file = 'node', ...args] = command;
  const child = spawn(file === 'node' ? process.execPath : file, args, {
    cwd: image.appDir,
    env: { PATH: process.env.PATH ?? '', ...image.final.env, ...env },
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
    image?.remove();
    await Promise.all([database?.drop(), queue?.drop(), twilio?.close()]);
  });

  it('builds in stages: the final one holds only the bundles and production dependencies, runs node as a non-root user under tini, with a health check', () => {
    const { final } = image;
    expect(image.stages.map((stage) => stage.from)[0]).toMatch(/^node:20-/);
    expect(final.user).not.toMatch(/^(root|0)?$/);
    expect(final.entrypoint).toEqual(['/usr/bin/tini', '--']);
    expect(final.command).toEqual(['node', '--enable-source-maps', 'apps/ingress/dist/main.js']);
    expect(final.healthcheck.join(' ')).toMatch(/^node -e .*\/healthz/);
    expect(final.env.NODE_ENV).toBe('production');
    const top = (path: string) => readdirSync(join(image.appDir, path)).sort();
    expect(top('.')).toEqual(['apps', 'challenges', 'node_modules', 'package.json']);
    expect(top('apps')).toEqual(['ingress', 'insights', 'worker']);
    for (const app of top('apps')) expect(top(`apps/${app}`)).toEqual(['dist', 'node_modules', 'package.json']);
    // No TypeScript sources, no tsx, and no development or test-only package in the store.
    const store = top('node_modules/.pnpm').join('\n');
    for (const devOnly of ['tsx', 'esbuild', 'vitest', 'playwright-core', 'autocannon', '@biomejs'])
      expect(store).not.toMatch(new RegExp(`^${devOnly}[@+]`, 'm'));
    expect(existsSync(join(image.appDir, 'packages'))).toBe(false);
  });

  it('compose: the prod profile runs the final stage, waits for a one-shot migrate, scales workers and publishes only the webhook port', () => {
    const { services } = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, ComposeService & { restart?: string }>;
    };
    const prod = Object.entries(services).filter(([, service]) => service.profiles?.includes('prod'));
    expect(prod.map(([name]) => name).sort()).toEqual(['ingress', 'insights', 'migrate', 'worker']);
    for (const [name, service] of prod) {
      expect(service.build, name).toBe('.'); // the final stage: no target
      expect(service.command?.join(' '), name).not.toMatch(/tsx|pnpm|\.ts\b/);
      if (name !== 'migrate')
        expect(service.depends_on?.migrate, name).toEqual({ condition: 'service_completed_successfully' });
    }
    expect(services.migrate?.restart).toBe('no');
    expect(services.worker?.container_name).toBeUndefined();
    expect(services.worker?.ports).toBeUndefined();
    expect(services.insights?.ports).toBeUndefined();
    expect(services.ingress?.ports).toHaveLength(1); // the webhook; not DASHBOARD_PORT (3003)
    expect(services.ingress?.ports?.[0]).toMatch(/:3000$/);
    const dev = Object.values(services).filter((service) => service.profiles?.includes('dev'));
    for (const service of dev) expect(service.build).toEqual({ context: '.', target: 'dev' });
    expect(image.stages.map((stage) => stage.name)).toContain('dev');
  });

  it('11. from the final stage alone: migrates, starts the ingress and a worker as the image and compose do, answers, and stops both on SIGTERM', async () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, ComposeService>;
    };
    const workerCommand = compose.services.worker?.command ?? [];
    expect(workerCommand[0]).toBe('node');
    expect(compose.services.ingress?.command ?? image.final.command).toEqual(image.final.command);
    for (const command of [workerCommand, image.final.command]) expect(command.join(' ')).not.toMatch(/tsx|\.ts\b/);

    // The compose `migrate` service's one-shot command, on an empty database of its own.
    const freshName = `${database.url.split('/').pop()}_fresh`;
    const fresh = `${database.url}_fresh`;
    const migrate = run(image, compose.services.migrate?.command ?? [], { DATABASE_URL: fresh });
    try {
      expect(await migrate.exit).toEqual({ code: 0, signal: null });
      expect(migrate.output.join('\n')).toMatch(/applied: 001_initial,[\s\S]*challenges: \d{3} added/);
    } finally {
      await database.db.raw('DROP DATABASE IF EXISTS ??', [freshName]);
    }

    const shared = {
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: queue.prefix,
      DATABASE_URL: database.url,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      LOG_LEVEL: 'info',
    };
    const ingress = run(image, image.final.command, {
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
      await waitFor('the worker to be ready', async () => (await fetch(`${workerUrl}/readyz`)).ok);
      const learner = 'whatsapp:+27825557301';
      const params = inboundParams(ACCOUNT_SID, learner, BOT_NUMBER, 'python easy');
      await postWebhook(`${ingressUrl}/bot`, params, signWebhook(AUTH_TOKEN, `${PUBLIC_URL}/bot`, params));
      await waitFor('the reply', () => twilio.sentTo(learner).length >= 1);
      const row = recordReplies(
        '11. the image: built in stages, started from the final one, answered, stopped by SIGTERM',
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
