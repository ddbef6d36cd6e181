import { type Check, checkReadiness } from '@datadrill/ops';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** A small HTTP port for the orchestrator (/healthz, /readyz) and Prometheus (/metrics). */
export function buildHealthServer(checks: Record<string, Check>, registry: Registry): FastifyInstance {
  const app = Fastify();
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(checks);
    return reply
      .code(readiness.ready ? 200 : 503)
      .send({ status: readiness.ready ? 'ready' : 'not ready', ...readiness });
  });
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  return app;
}
