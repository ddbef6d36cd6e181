import { createLogger, loadDotEnv, loadEnvOrExit, prettyLogs } from '@datadrill/core';
import { onShutdown } from '@datadrill/ops';
import { buildInsights } from './app.js';
import { connectReadOnly } from './connect.js';
import { insightsEnvSchema } from './env.js';
import { challengeLocations } from './library.js';

loadDotEnv();
const env = loadEnvOrExit(insightsEnvSchema);
const log = createLogger({ name: 'insights', level: env.LOG_LEVEL, pretty: prettyLogs(env.NODE_ENV) });
if (!env.INSIGHTS_PASSWORD) log.warn('INSIGHTS_PASSWORD is not set: the school dashboard is open (development only)');
const db = connectReadOnly(env.INSIGHTS_DATABASE_URL);
const app = await buildInsights({ env, db, locations: await challengeLocations(env.CHALLENGES_DIR), log });
const url = await app.listen({ port: env.INSIGHTS_PORT, host: env.INSIGHTS_HOST });
log.info(`school dashboard listening at ${url}`);

onShutdown(
  log,
  async () => {
    await app.close();
    await db.destroy();
  },
  env.SHUTDOWN_TIMEOUT_MS,
);
