import type { FastifyPluginAsync } from 'fastify';

/** Liveness: the process answers. */
export const healthRoute: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
};
