import { createLogger } from '@datadrill/core';
import type { FastifyInstance } from 'fastify';
import { buildInsights } from '../../apps/insights/src/app.js';
import { connectReadOnly } from '../../apps/insights/src/connect.js';
import { challengeLocations } from '../../apps/insights/src/library.js';
import { NOW } from './insights-fixture.js';

export const STAFF = { user: 'school', password: 'k3y-Vu9!pQ2#mZ7x-Lw4' };

/** The school dashboard in-process, on its own read-only pool to `databaseUrl`, at the fixture's time. */
export async function startInsights(
  databaseUrl: string,
  options: { password?: string | undefined; showNumbers?: boolean; trustProxy?: false | string[] } = {},
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const db = connectReadOnly(databaseUrl, { min: 0, max: 4 });
  const app = await buildInsights({
    env: {
      INSIGHTS_USER: STAFF.user,
      INSIGHTS_PASSWORD: 'password' in options ? options.password : STAFF.password,
      INSIGHTS_SHOW_NUMBERS: options.showNumbers ?? false,
      INSIGHTS_TRUST_PROXY: options.trustProxy ?? false,
      SCHOOL_TIMEZONE: 'UTC',
    },
    db,
    locations: await challengeLocations('challenges'),
    log: createLogger({ name: 'insights', level: 'silent' }),
    now: () => NOW,
  });
  return {
    app,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
