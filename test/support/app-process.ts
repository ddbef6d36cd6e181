import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { waitFor } from './wait-for.js';

export interface AppProcess {
  child: ChildProcess;
  output: string[];
  /** The first log line whose `msg` matches, once it has been printed. */
  waitForLog(msg: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The URL announced by the first log line matching `msg` ("… listening at <url>"). */
  waitForUrl(msg?: RegExp): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ENTRY = {
  ingress: 'apps/ingress/src/main.ts',
  worker: 'apps/worker/src/main.ts',
  simulator: 'apps/simulator/src/main.ts',
} as const;

/** What `pnpm build` makes of each entry point: production runs these with node, never tsx. */
export const COMPILED_ENTRY = {
  ingress: 'apps/ingress/dist/main.js',
  worker: 'apps/worker/dist/main.js',
  simulator: 'apps/simulator/dist/main.js',
} as const;

export interface StartOptions {
  /** Runs the compiled bundle (`pnpm build` must have run) as `pnpm start:<app>` does; the source under tsx otherwise, as `pnpm dev:<app>`. */
  compiled?: boolean;
}

/** Starts an app as `pnpm dev:<app>` (or, compiled, `pnpm start:<app>`) does, with only the given environment (and Node flags, e.g. to profile). */
export function startApp(
  app: keyof typeof ENTRY,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  { compiled = false }: StartOptions = {},
): AppProcess {
  if (compiled) return spawnApp(app, [...nodeArgs, '--enable-source-maps', COMPILED_ENTRY[app]], env);
  return startScript(app, [ENTRY[app]], env, nodeArgs);
}

/** Runs a TypeScript entry point (and its arguments) under tsx, logging as the apps do. */
export function startScript(
  app: string,
  script: string[],
  env: Record<string, string>,
  nodeArgs: string[] = [],
): AppProcess {
  return spawnApp(app, [...nodeArgs, '--import', 'tsx', ...script], env);
}

function spawnApp(app: string, args: string[], env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ENV_FILE: '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const parsed = () =>
    output.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const waitForLog = (msg: RegExp, timeoutMs = 30_000) =>
    waitFor(
      `${app} to log ${msg}\n${output.slice(-20).join('\n')}`,
      () => {
        if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${output.join('\n')}`);
        return parsed().find((line) => typeof line.msg === 'string' && msg.test(line.msg));
      },
      timeoutMs,
    );
  return {
    child,
    output,
    waitForLog,
    waitForUrl: async (msg = /listening at/) => String((await waitForLog(msg)).msg).replace(/^.* at /, ''),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      // A process that does not stop within 10 s is a bug the test output should show, not a hung suite.
      const forced = setTimeout(() => {
        output.push(`[test] ${app} ignored ${signal} for 10 s; killed`);
        child.kill('SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(forced);
    },
  };
}
