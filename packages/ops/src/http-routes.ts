import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { type Check, checkReadiness } from './readiness.js';

/** Liveness (the process answers) and readiness (its dependencies answer too), for any app. */
export const healthRoutes: FastifyPluginAsync<{ checks: Record<string, Check> }> = async (app, options) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    const readiness = await checkReadiness(options.checks, 2000, (check, reason) =>
      request.log.warn({ check, reason }, 'readiness check failed'),
    );
    return reply
      .code(readiness.ready ? 200 : 503)
      .send({ status: readiness.ready ? 'ready' : 'not ready', ...readiness });
  });
};

/** Prometheus's scrape endpoint for one registry. */
export const metricsRoute: FastifyPluginAsync<{ registry: Registry }> = async (app, options) => {
  app.get('/metrics', async (_request, reply) =>
    reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
};
