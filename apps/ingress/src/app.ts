import type { Logger } from '@datadrill/core';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { IngressEnv } from './env.js';
import type { InboundProducer } from './queue/inbound-producer.js';
import { botRoute } from './routes/bot.js';
import { healthRoute } from './routes/health.js';

export interface IngressDeps {
  env: Pick<IngressEnv, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'PUBLIC_URL'>;
  producer: InboundProducer;
  log: Logger;
}

export async function buildIngress(deps: IngressDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // One line per webhook, written by the route with what ops need (and no phone number).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
  });
  await app.register(formbody);
  await app.register(healthRoute);
  await app.register(botRoute, {
    accountSid: deps.env.TWILIO_ACCOUNT_SID,
    authToken: deps.env.TWILIO_AUTH_TOKEN,
    publicUrl: deps.env.PUBLIC_URL,
    producer: deps.producer,
  });
  return app;
}
