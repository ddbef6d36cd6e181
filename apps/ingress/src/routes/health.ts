import { type Check, checkReadiness } from '@datadrill/ops';
import type { FastifyPluginAsync } from 'fastify';

export interface HealthOptions {
  /** What /readyz needs reachable before the process should get traffic. */
  checks: Record<string, Check>;
}

/** Liveness (the process answers) and readiness (its dependencies answer too). */
export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, options) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(options.checks);
    return reply
      .code(readiness.ready ? 200 : 503)
      .send({ status: readiness.ready ? 'ready' : 'not ready', ...readiness });
  });
};
