import { createLogger, loadDotEnv, loadEnvOrExit } from '@datadrill/core';
import { buildIngress } from './app.js';
import { ingressEnvSchema } from './env.js';
import { createInboundProducer } from './queue/inbound-producer.js';

loadDotEnv();
const env = loadEnvOrExit(ingressEnvSchema);
const log = createLogger({ name: 'ingress', level: env.LOG_LEVEL });
const producer = createInboundProducer({
  redisUrl: env.REDIS_URL,
  prefix: env.QUEUE_PREFIX,
  attempts: env.JOB_ATTEMPTS,
  backoffMs: env.JOB_BACKOFF_MS,
  log,
});
const app = await buildIngress({ env, producer, log });
await app.listen({ port: env.PORT, host: env.HOST });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    log.warn({ signal }, 'second signal, exiting now');
    process.exit(1);
  }
  stopping = true;
  log.info({ signal }, 'shutting down: no new webhooks, finishing open requests');
  await app.close();
  await producer.close();
  log.info('ingress stopped');
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
