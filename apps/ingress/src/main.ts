import { createLogger, loadDotEnv, loadEnvOrExit, prettyLogs } from '@datadrill/core';
import {
  onShutdown,
  redisCheck,
  registerQueueGauges,
  startupCheck,
  verifyRedisPolicy,
  whenReady,
} from '@datadrill/ops';
import { buildDashboard, buildIngress, type IngressDeps } from './app.js';
import { ingressEnvSchema } from './env.js';
import { createIngressMetrics } from './metrics.js';
import { createFloodGuard } from './queue/flood-guard.js';
import { createInboundProducer } from './queue/inbound-producer.js';

loadDotEnv();
const env = loadEnvOrExit(ingressEnvSchema);
const log = createLogger({ name: 'ingress', level: env.LOG_LEVEL, pretty: prettyLogs(env.NODE_ENV) });
const producer = createInboundProducer({
  redis: env,
  prefix: env.QUEUE_PREFIX,
  attempts: env.JOB_ATTEMPTS,
  backoffMs: env.JOB_BACKOFF_MS,
  log,
});
await startupCheck(log, async () => {
  await whenReady(producer.redis);
  await verifyRedisPolicy(producer.redis, env.NODE_ENV, log);
});
const metrics = createIngressMetrics();
registerQueueGauges(metrics.registry, producer.queues);
if (!env.SLACK_SIGNING_SECRET) log.info('SLACK_SIGNING_SECRET is not set: /slack/events (the mentor desk) is off');
if (env.SLACK_SIGNING_SECRET && !env.SLACK_BOT_TOKEN) {
  log.warn(
    "SLACK_BOT_TOKEN is not set: /media/slack cannot serve mentors' images and PDFs to Twilio, so those messages fail (the mentor is told in the thread); set it as on the worker",
  );
}
if (!env.DASHBOARD_PASSWORD) log.warn('DASHBOARD_PASSWORD is not set: the queue dashboard is open (development only)');

const deps: IngressDeps = {
  env,
  producer,
  floodGuard: createFloodGuard(producer.redis, env.QUEUE_PREFIX, env.FLOOD_LIMIT_PER_MINUTE),
  metrics,
  checks: { redis: redisCheck(producer.redis) },
  log,
};
const app = await buildIngress(deps);
await app.listen({ port: env.PORT, host: env.HOST });
const dashboard = await buildDashboard(deps);
const dashboardUrl = await dashboard.listen({ port: env.DASHBOARD_PORT, host: env.DASHBOARD_HOST });
log.info(`dashboard listening at ${dashboardUrl}/admin/queues`);

// Stop taking webhooks, let open requests finish, then close the Redis connection.
onShutdown(
  log,
  async () => {
    await Promise.all([app.close(), dashboard.close()]);
    await producer.close();
  },
  env.SHUTDOWN_TIMEOUT_MS,
);
