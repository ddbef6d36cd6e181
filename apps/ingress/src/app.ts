import { type Logger, mediaLinkKey } from '@datadrill/core';
import { type Check, healthRoutes } from '@datadrill/ops';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { IngressEnv } from './env.js';
import type { IngressMetrics } from './metrics.js';
import type { FloodGuard } from './queue/flood-guard.js';
import type { InboundProducer } from './queue/inbound-producer.js';
import { botRoute } from './routes/bot.js';
import { opsRoutes } from './routes/ops.js';
import { slackEventsRoute } from './routes/slack-events.js';
import { slackMediaRoute } from './routes/slack-media.js';
import { twilioStatusRoute } from './routes/twilio-status.js';

export interface IngressDeps {
  env: Pick<
    IngressEnv,
    | 'TWILIO_ACCOUNT_SID'
    | 'TWILIO_AUTH_TOKEN'
    | 'PUBLIC_URL'
    | 'DASHBOARD_USER'
    | 'DASHBOARD_PASSWORD'
    | 'SLACK_SIGNING_SECRET'
  > &
    Partial<Pick<IngressEnv, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL' | 'MEDIA_URL_SECRET'>>;
  producer: InboundProducer;
  floodGuard: FloodGuard;
  metrics: IngressMetrics;
  checks: Record<string, Check>;
  log: Logger;
}

function createServer(log: Logger): FastifyInstance {
  return Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // One line per webhook, written by the route with what ops need (and no phone number).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
  });
}

/** The public app Twilio (and Slack) call: webhooks and health only. */
export async function buildIngress(deps: IngressDeps): Promise<FastifyInstance> {
  const app = createServer(deps.log);
  await app.register(formbody);
  await app.register(healthRoutes, { checks: deps.checks });
  await app.register(botRoute, {
    accountSid: deps.env.TWILIO_ACCOUNT_SID,
    authToken: deps.env.TWILIO_AUTH_TOKEN,
    publicUrl: deps.env.PUBLIC_URL,
    producer: deps.producer,
    floodGuard: deps.floodGuard,
    metrics: deps.metrics,
  });
  await app.register(twilioStatusRoute, {
    accountSid: deps.env.TWILIO_ACCOUNT_SID,
    authToken: deps.env.TWILIO_AUTH_TOKEN,
    publicUrl: deps.env.PUBLIC_URL,
    producer: deps.producer,
  });
  await app.register(slackEventsRoute, { signingSecret: deps.env.SLACK_SIGNING_SECRET, producer: deps.producer });
  await app.register(slackMediaRoute, {
    botToken: deps.env.SLACK_BOT_TOKEN,
    apiUrl: deps.env.SLACK_API_URL,
    key: mediaLinkKey(deps.env.MEDIA_URL_SECRET, deps.env.TWILIO_AUTH_TOKEN),
  });
  return app;
}

/** Bull Board and /metrics on their own port, so the public webhook port never serves them. */
export async function buildDashboard(deps: IngressDeps): Promise<FastifyInstance> {
  const app = createServer(deps.log);
  await app.register(healthRoutes, { checks: deps.checks });
  await app.register(opsRoutes, opsOptions(deps));
  return app;
}

function opsOptions(deps: IngressDeps) {
  return {
    queues: deps.producer.queues,
    registry: deps.metrics.registry,
    user: deps.env.DASHBOARD_USER,
    password: deps.env.DASHBOARD_PASSWORD,
  };
}
