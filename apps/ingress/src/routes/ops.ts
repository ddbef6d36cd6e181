import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { metricsRoute } from '@datadrill/ops';
import basicAuth from '@fastify/basic-auth';
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

/** Bull Board and Prometheus metrics, behind HTTP basic auth. */
export const opsRoutes: FastifyPluginAsync<OpsOptions> = async (app, options) => {
  const { password } = options;
  if (password !== undefined) {
    await app.register(basicAuth, {
      authenticate: { realm: 'DataDrill operations' },
      validate: async (user, given) => {
        if (!(same(user, options.user) && same(given, password))) throw new Error('Unauthorized');
      },
    });
    app.addHook('onRequest', app.basicAuth);
  }

  const board = new FastifyAdapter();
  createBullBoard({ queues: options.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
  board.setBasePath(BOARD_PATH);
  await app.register(board.registerPlugin(), { prefix: BOARD_PATH });

  await app.register(metricsRoute, { registry: options.registry });
};

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
