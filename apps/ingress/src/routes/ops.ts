import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { maskPhonesIn } from '@datadrill/core';
import { metricsRoute } from '@datadrill/ops';
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
/** Requests without the right credentials allowed per client address and minute: guessing is slow. */
const FAILED_LOGINS_PER_MINUTE = 10;

/** Bull Board and Prometheus metrics, behind HTTP basic auth with a rate-limited login. */
export const opsRoutes: FastifyPluginAsync<OpsOptions> = async (app, options) => {
  const { password } = options;
  if (password !== undefined) {
    const authorised = (header: string | undefined) => {
      const [scheme, encoded] = (header ?? '').split(' ');
      if (scheme !== 'Basic' || !encoded) return false;
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon > 0 && same(decoded.slice(0, colon), options.user) && same(decoded.slice(colon + 1), password);
    };
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
        if (!(same(user, options.user) && same(given, password))) throw new Error('Unauthorized');
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

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A queue on the board with learners' numbers masked in job data, as in the logs. */
function maskedAdapter(queue: Queue): BullMQAdapter {
  const adapter = new BullMQAdapter(queue);
  adapter.setFormatter('data', (data: unknown) => JSON.parse(maskPhonesIn(JSON.stringify(data ?? null))));
  return adapter;
}
