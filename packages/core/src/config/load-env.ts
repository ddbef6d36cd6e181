import type { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates the environment once, at start-up, and names every bad or missing
 * variable in one error so an operator fixes them all in one go.
 */
export function loadEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** For entry points: a bad configuration is reported plainly, without a stack trace, and the process exits 1. */
export function loadEnvOrExit<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  try {
    return loadEnv(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/**
 * Local runs keep settings in `.env` (or the file named by ENV_FILE; an empty ENV_FILE reads
 * none, as tests do). Variables already set in the environment win over the file.
 */
export function loadDotEnv(path = process.env.ENV_FILE ?? '.env'): void {
  if (path === '') return;
  try {
    process.loadEnvFile(path);
  } catch (error) {
    // No file is the usual case outside local runs.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
