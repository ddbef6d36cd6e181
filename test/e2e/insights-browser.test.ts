import { mkdir } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF, startInsights } from '../support/insights-app.js';
import { PERIOD, seedInsightsFixture } from '../support/insights-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
type Window = { document: { documentElement: { scrollWidth: number } } };
const PAGES = ['activity', 'demand', 'learning', 'challenges', 'learners', 'mentor-desk', 'delivery'];

describe('the school dashboard in a browser', () => {
  let database: TestDatabase;
  let dashboard: Awaited<ReturnType<typeof startInsights>>;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('insights_browser');
    await seedInsightsFixture(database.db);
    dashboard = await startInsights(database.url);
    url = await dashboard.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await database?.drop();
  });

  it('signs in, opens every page on a phone-sized screen, and plots what the database holds', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/demand?from=${PERIOD.from}&to=${PERIOD.to}`);
    await page.getByLabel('User').fill(STAFF.user);
    await page.getByLabel('Password').fill(STAFF.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/demand\?/);

    // The heatmap's python × easy cell is labelled with the requests the log holds.
    const [[{ requests }]] = (await database.db.raw(
      `SELECT COUNT(*) AS requests FROM interactions WHERE topic = 'python' AND difficulty = 'easy'
       AND outcome IN ('challenge', 'daily_challenge', 'limited', 'empty_cell')`,
    )) as unknown as [[{ requests: number }]];
    const labels = await page.locator('#demand-heatmap svg text').allTextContents();
    expect(labels).toContain(String(requests));

    for (const name of PAGES) {
      await page
        .getByRole('link', { name: new RegExp(`^${name.replace('-', ' ')}`, 'i') })
        .first()
        .click();
      await page.waitForURL(new RegExp(`/${name}\\?from=${PERIOD.from}`));
      expect(await page.locator('svg').count(), name).toBeGreaterThan(0);
      expect(await page.locator('.definition').count(), name).toBeGreaterThan(0);
      // Nothing wider than the phone's screen but tables, which scroll in their own box.
      expect(
        await page.evaluate(() => (globalThis as unknown as Window).document.documentElement.scrollWidth),
        name,
      ).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${ARTIFACTS}/insights-${name}.png`, fullPage: true });
    }

    // Activity's weekly bar for the week of 2 March is labelled with the learners who wrote that week.
    await page.goto(`${url}/activity?from=${PERIOD.from}&to=${PERIOD.to}`);
    const [[{ learners }]] = (await database.db.raw(
      `SELECT COUNT(DISTINCT phone) AS learners FROM interactions
       WHERE created_at >= '2026-03-02' AND created_at < '2026-03-09' AND command NOT IN ('daily-send', 'remind')`,
    )) as unknown as [[{ learners: number }]];
    expect(await page.locator('#weekly-active svg text').allTextContents()).toContain(String(learners));

    // The cohort filter narrows every figure: Alpha is one learner.
    await page.getByLabel('Cohort').selectOption('Alpha');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/cohort=Alpha/);
    expect(await page.locator('.kpi').first().textContent()).toMatch(/^6/);
    expect(errors).toEqual([]);
  });
});
