import { type Check, healthRoutes, metricsRoute } from '@datadrill/ops';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** A small HTTP port for the orchestrator (/healthz, /readyz) and Prometheus (/metrics). */
export async function buildHealthServer(checks: Record<string, Check>, registry: Registry): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(healthRoutes, { checks });
  await app.register(metricsRoute, { registry });
  return app;
}
