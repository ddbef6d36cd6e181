import { PassThrough } from 'node:stream';
import { type Logger, readPeriod } from '@datadrill/core';
import { cohorts, EXPORT_NAMES, type ExportName, type Filters, streamExport } from '@datadrill/figures';
import { healthRoutes } from '@datadrill/ops';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { registerLogin } from './auth.js';
import type { InsightsEnv } from './env.js';
import { layout, type Page, type PageContext } from './layout.js';
import type { Locations } from './library.js';
import { activityPage } from './pages/activity.js';
import { challengesPage } from './pages/challenges.js';
import { deliveryPage } from './pages/delivery.js';
import { demandPage } from './pages/demand.js';
import { learnersPage } from './pages/learners.js';
import { learningPage } from './pages/learning.js';
import { mentorDeskPage } from './pages/mentor-desk.js';
import { registerSourceRoute } from './source-route.js';

export const PAGES: readonly Page[] = [
  activityPage,
  demandPage,
  learningPage,
  challengesPage,
  learnersPage,
  mentorDeskPage,
  deliveryPage,
];

export interface InsightsDeps {
  env: Pick<
    InsightsEnv,
    'INSIGHTS_USER' | 'INSIGHTS_PASSWORD' | 'INSIGHTS_SHOW_NUMBERS' | 'INSIGHTS_TRUST_PROXY' | 'SCHOOL_TIMEZONE'
  >;
  db: Knex;
  locations: Locations;
  log: Logger;
  now?: () => Date;
}

type Query = { from?: string; to?: string; cohort?: string };

/** The school's dashboard: server-rendered pages over the read-only connection, and CSV exports. */
export async function buildInsights(deps: InsightsDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger, trustProxy: deps.env.INSIGHTS_TRUST_PROXY });
  const now = deps.now ?? (() => new Date());
  await app.register(formbody);
  await app.register(healthRoutes, { checks: { mysql: async () => void (await deps.db.raw('SELECT 1')) } });
  if (deps.env.INSIGHTS_PASSWORD) await registerLogin(app, deps.env.INSIGHTS_USER, deps.env.INSIGHTS_PASSWORD);

  const filtersOf = (request: FastifyRequest): Filters | { problem: string } => {
    const query = request.query as Query;
    const at = now();
    const period = readPeriod({ from: query.from, to: query.to }, deps.env.SCHOOL_TIMEZONE, at);
    if ('problem' in period) return period;
    return { ...period, cohort: query.cohort?.trim() || null, now: at };
  };
  const queryOf = (filters: Filters) =>
    `?${new URLSearchParams({ from: filters.fromDay, to: filters.toDay, ...(filters.cohort ? { cohort: filters.cohort } : {}) })}`;

  app.get('/', async (request, reply) => reply.redirect(`/activity${request.url.slice(1)}`));
  for (const page of PAGES) {
    app.get(page.path, async (request, reply) => {
      const started = performance.now();
      const filters = filtersOf(request);
      if ('problem' in filters) return reply.code(400).send(filters.problem);
      const context: PageContext = {
        db: deps.db,
        filters,
        showNumbers: deps.env.INSIGHTS_SHOW_NUMBERS,
        query: queryOf(filters),
        locations: deps.locations.byCode,
      };
      const [body, cohortNames] = await Promise.all([page.render(context), cohorts(deps.db)]);
      const document = layout(page, PAGES, context, cohortNames, body);
      return reply
        .type('text/html; charset=utf-8')
        .header('server-timing', `render;dur=${(performance.now() - started).toFixed(1)}`)
        .header('cache-control', 'private, no-store')
        .send(document.text);
    });
  }

  app.get('/export/:file', async (request, reply) => {
    const name = (request.params as { file: string }).file.replace(/\.csv$/, '') as ExportName;
    if (!EXPORT_NAMES.includes(name)) return reply.code(404).send(`no such table; exports: ${EXPORT_NAMES.join(', ')}`);
    const filters = filtersOf(request);
    if ('problem' in filters) return reply.code(400).send(filters.problem);
    const body = new PassThrough();
    streamExport(deps.db, name, filters, { showNumbers: deps.env.INSIGHTS_SHOW_NUMBERS }, body).catch((error) => {
      request.log.error({ table: name, reason: (error as Error).message }, 'export failed');
      body.destroy(error as Error);
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-${filters.fromDay}-${filters.toDay}.csv"`)
      .send(body);
  });

  registerSourceRoute(app, deps.locations);
  return app;
}
