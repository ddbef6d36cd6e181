import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { maskPhonesIn } from '@datadrill/core';
import { basicAuthMatches, FAILED_LOGINS_PER_MINUTE, metricsRoute, sameSecret } from '@datadrill/ops';
import basicAuth from '@fastify/basic-auth';
import rateLimit from '@fastify/rate-limit';
import type { Queue } from 'bullmq';
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

export interface OpsOptions {
  queues: Queue[];
  registry: Registry;
  user: string;
  /** Undefined only in development, where the dashboard is open on a developer's machine. */
  password: string | undefined;
}

const BOARD_PATH = '/admin/queues';

/** Bull Board and Prometheus metrics, behind HTTP basic auth with a rate-limited login. */
export const opsRoutes: FastifyPluginAsync<OpsOptions> = async (app, options) => {
  const { password } = options;
  if (password !== undefined) {
    const authorised = (header: string | undefined) => basicAuthMatches(header, options.user, password);
    // Signed-in requests (the board polls every few seconds) are never limited; the rest are,
    // before the credentials are even looked at.
    await app.register(rateLimit, { global: false });
    app.addHook(
      'onRequest',
      app.rateLimit({
        max: FAILED_LOGINS_PER_MINUTE,
        timeWindow: '1 minute',
        allowList: (request) => authorised(request.headers.authorization),
      }),
    );
    await app.register(basicAuth, {
      authenticate: { realm: 'DataDrill operations' },
      validate: async (user, given) => {
        if (!(sameSecret(user, options.user) && sameSecret(given, password))) throw new Error('Unauthorized');
      },
    });
    app.addHook('onRequest', app.basicAuth);
  }

  const board = new FastifyAdapter();
  createBullBoard({ queues: options.queues.map(maskedAdapter), serverAdapter: board });
  board.setBasePath(BOARD_PATH);
  await app.register(board.registerPlugin(), { prefix: BOARD_PATH });

  await app.register(metricsRoute, { registry: options.registry });
};

/** A queue on the board with learners' numbers masked in job data, as in the logs. */
function maskedAdapter(queue: Queue): BullMQAdapter {
  const adapter = new BullMQAdapter(queue);
  adapter.setFormatter('data', (data: unknown) => JSON.parse(maskPhonesIn(JSON.stringify(data ?? null))));
  return adapter;
}
