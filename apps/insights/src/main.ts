import { createLogger, loadDotEnv, loadEnvOrExit, prettyLogs } from '@datadrill/core';
import { onShutdown, replicaRouting } from '@datadrill/ops';
import { buildInsights } from './app.js';
import { connectReadOnly, databaseOf } from './connect.js';
import { insightsEnvSchema } from './env.js';
import { challengeLocations } from './library.js';

loadDotEnv();
const env = loadEnvOrExit(insightsEnvSchema);
const log = createLogger({ name: 'insights', level: env.LOG_LEVEL, pretty: prettyLogs(env.NODE_ENV) });
if (!env.INSIGHTS_PASSWORD) log.warn('INSIGHTS_PASSWORD is not set: the school dashboard is open (development only)');
// A replica's reads fall back to the primary while it is silent, logged once per outage.
const routing =
  env.INSIGHTS_DATABASE_URL === env.DATABASE_URL
    ? undefined
    : replicaRouting(env.DATABASE_URL, env.INSIGHTS_DATABASE_URL, databaseOf(env.INSIGHTS_DATABASE_URL), {
        onDown: (reason) => log.warn({ reason }, 'the read replica does not answer: the dashboard reads the primary'),
        onUp: () => log.info('the read replica answers again: the dashboard reads it'),
      });
const db = connectReadOnly(env.INSIGHTS_DATABASE_URL, undefined, routing);
const app = await buildInsights({ env, db, locations: await challengeLocations(env.CHALLENGES_DIR), log });
const url = await app.listen({ port: env.INSIGHTS_PORT, host: env.INSIGHTS_HOST });
log.info(`school dashboard listening at ${url}`);

onShutdown(
  log,
  async () => {
    await app.close();
    routing?.close();
    await db.destroy();
  },
  env.SHUTDOWN_TIMEOUT_MS,
);
