import { createLogger, loadDotEnv, loadEnvOrExit, prettyLogs } from '@datadrill/core';
import { onShutdown } from '@datadrill/ops';
import { buildWorker } from './build-worker.js';
import { workerEnvSchema } from './env.js';

loadDotEnv();
const env = loadEnvOrExit(workerEnvSchema);
const log = createLogger({ name: 'worker', level: env.LOG_LEVEL, pretty: prettyLogs(env.NODE_ENV) });
const worker = buildWorker(env, log);
await worker.start();
onShutdown(log, () => worker.stop(), env.SHUTDOWN_TIMEOUT_MS);
