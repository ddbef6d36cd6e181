import { createLogger } from '@datadrill/core';
import { buildInsights, PAGES } from '../../apps/insights/src/app.js';
import { connectReadOnly } from '../../apps/insights/src/connect.js';
import { challengeLocations } from '../../apps/insights/src/library.js';
import { rollUpInsights } from '../../apps/worker/src/repositories/insights-rollup.js';
import { writeSeed } from '../../apps/worker/src/seed/write-seed.js';
import { createTestDatabase } from '../../test/support/test-database.js';
import { median } from './load.js';

type Row = (name: string, value: string, reference?: string, target?: string) => void;

/** Peak RSS above the level before `work`, sampled every 20 ms while it runs. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: (peak - before) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The school dashboard on `pnpm insights:seed`'s data (50,000 learners, 1 million interactions over 90
 * days; --smoke: 2,000 and 40,000): each page's render time, against the daily-active-learners query
 * run on the log itself (what Activity would cost without the daily summaries); the CSV export of every
 * interaction streamed over HTTP, against loading the same rows into memory.
 */
export async function insightsBench(smoke: boolean, rounds: number, row: Row, fmt: (n: number, d?: number) => string) {
  const size = smoke ? { learners: 2000, interactions: 40_000 } : { learners: 50_000, interactions: 1_000_000 };
  console.log(
    `\n# School dashboard: ${fmt(size.learners)} learners, ${fmt(size.interactions)} interactions over 90 days`,
  );
  const database = await createTestDatabase('bench-insights');
  const db = connectReadOnly(database.url, { min: 0, max: 6 });
  try {
    const seeding = Date.now();
    const written = await writeSeed(database.db, { ...size, days: 90 });
    const seedSeconds = (Date.now() - seeding) / 1000;
    const rolling = Date.now();
    await rollUpInsights(database.db, { zone: 'UTC', now: new Date(), full: true });
    row(
      'pnpm insights:seed (multi-row INSERTs), then the full roll-up',
      `${fmt(seedSeconds, 1)} s for ${fmt(Object.values(written).reduce((a, b) => a + b, 0))} rows, roll-up ${fmt((Date.now() - rolling) / 1000, 1)} s`,
      `${fmt(written.interactions ?? 0)} interactions, ${fmt(written.attempts ?? 0)} attempts, ${fmt(written.tickets ?? 0)} tickets`,
    );
    const env = {
      INSIGHTS_USER: 'school',
      INSIGHTS_PASSWORD: undefined,
      INSIGHTS_SHOW_NUMBERS: false,
      INSIGHTS_TRUST_PROXY: false as const,
      SCHOOL_TIMEZONE: 'UTC',
    };
    const app = await buildInsights({
      env,
      db,
      locations: await challengeLocations('challenges'),
      log: createLogger({ name: 'insights', level: 'silent' }),
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const timed = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${url}${path}`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return performance.now() - started;
    };
    const times = async (path: string) => {
      await timed(path);
      const all: number[] = [];
      for (let i = 0; i < Math.max(3, rounds * 2); i++) all.push(await timed(path));
      return { median: median(all), max: Math.max(...all) };
    };
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 27 * 86_400_000).toISOString().slice(0, 10);
    const reference = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await db.raw(
        `SELECT DATE(created_at) AS day, COUNT(DISTINCT phone) FROM interactions WHERE created_at >= ? AND created_at < ? GROUP BY day`,
        [new Date(`${from}T00:00:00Z`), new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000)],
      );
      reference.push(performance.now() - started);
    }
    const referenceMs = median(reference);
    for (const page of PAGES) {
      const last28 = await times(`${page.path}?from=${from}&to=${to}`);
      const all90 = await times(
        `${page.path}?from=${new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10)}&to=${to}`,
      );
      row(
        `${page.title} page, last 28 days / all 90 days`,
        `${fmt(last28.median)} / ${fmt(all90.median)} ms (slowest ${fmt(Math.max(last28.max, all90.max))} ms)`,
        `daily active learners on the log itself, 28 days: ${fmt(referenceMs)} ms`,
        '< 500 ms',
      );
    }
    const all = `from=${new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10)}&to=${to}`;
    const streamed = await peakRss(async () => {
      const started = performance.now();
      const response = await fetch(`${url}/export/interactions.csv?${all}`);
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
      return { bytes, seconds: (performance.now() - started) / 1000 };
    });
    const loaded = await peakRss(async () => (await db('interactions').select('*')).length);
    row(
      'CSV export of every interaction, streamed over HTTP',
      `peak RSS +${fmt(streamed.peakMb)} MB for ${fmt(streamed.result.bytes / 2 ** 20)} MB of CSV, ${fmt(streamed.result.seconds, 1)} s`,
      `the same ${fmt(loaded.result)} rows loaded into memory: +${fmt(loaded.peakMb)} MB`,
      'bounded, ≪ the rows loaded',
    );
    await app.close();
  } finally {
    await db.destroy();
    await database.drop();
  }
}
