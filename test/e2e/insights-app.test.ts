import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectReadOnly } from '../../apps/insights/src/connect.js';
import { STAFF, startInsights } from '../support/insights-app.js';
import { A, FORMULA, PERIOD, seedInsightsFixture } from '../support/insights-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const query = `?from=${PERIOD.from}&to=${PERIOD.to}`;
const PAGES = ['/activity', '/demand', '/learning', '/challenges', '/learners', '/mentor-desk', '/delivery'];

describe('the school dashboard', () => {
  let database: TestDatabase;
  let dashboard: Awaited<ReturnType<typeof startInsights>>;

  beforeAll(async () => {
    database = await createTestDatabase('insights_app');
    await seedInsightsFixture(database.db);
    dashboard = await startInsights(database.url);
  });
  afterAll(async () => {
    await dashboard?.close();
    await database?.drop();
  });

  it('sends a browser to the login form, and signs in with user and password into a signed session cookie', async () => {
    const { app } = dashboard;
    const anonymous = await app.inject({ url: `/learning${query}` });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/learning${query}`)}`);
    const form = await app.inject({ url: '/login' });
    expect(form.body).toContain('name="user"');
    expect(form.body).toContain('name="password"');

    const wrong = await app.inject({ method: 'POST', url: '/login', payload: { user: STAFF.user, password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.cookies).toEqual([]);
    const login = await app.inject({
      method: 'POST',
      url: `/login?next=${encodeURIComponent('/demand')}`,
      payload: { user: STAFF.user, password: STAFF.password },
    });
    expect(login.statusCode).toBe(302);
    expect(login.headers.location).toBe('/demand');
    const session = login.cookies.find((c) => c.name === 'dd_insights');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const page = await app.inject({ url: `/demand${query}`, cookies: { dd_insights: session?.value ?? '' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Requests per topic × difficulty');
    // A forged cookie (the expiry without its signature) is refused.
    const forged = await app.inject({ url: '/demand', cookies: { dd_insights: String(Date.now() + 3_600_000) } });
    expect(forged.statusCode).toBe(302);
    // An open redirect through ?next= is not followed, however the address is written.
    for (const next of ['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example']) {
      const away = await app.inject({
        method: 'POST',
        url: `/login?next=${encodeURIComponent(next)}`,
        payload: STAFF,
      });
      expect(away.headers.location, next).toBe('/');
    }
  });

  it('takes HTTP basic auth too (for scripts), and answers 401 to wrong credentials on an export', async () => {
    const ok = await dashboard.app.inject({
      url: `/activity${query}`,
      headers: { authorization: basic(STAFF.user, STAFF.password) },
    });
    expect(ok.statusCode).toBe(200);
    const refused = await dashboard.app.inject({ url: '/export/interactions.csv' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic/);
  });

  it('renders every page with its definitions and masks numbers and names', async () => {
    for (const path of PAGES) {
      const page = await dashboard.app.inject({
        url: `${path}${query}`,
        headers: { authorization: basic(STAFF.user, STAFF.password) },
      });
      expect(page.statusCode, path).toBe(200);
      expect(page.body, path).toContain('<svg');
      expect(page.body, path).toContain('class="definition"');
      expect(page.body, path).not.toContain(A);
      expect(page.body, path).not.toContain('Ann Smith');
    }
    const learners = await dashboard.app.inject({
      url: `/learners${query}`,
      headers: { authorization: basic(STAFF.user, STAFF.password) },
    });
    expect(learners.body).toContain('27*****0001 A.');
    const challenges = await dashboard.app.inject({
      url: `/challenges${query}`,
      headers: { authorization: basic(STAFF.user, STAFF.password) },
    });
    expect(challenges.body).toMatch(/href="\/source\/challenges\/[\w/.-]+\.yaml#L\d+"/);
    const bad = await dashboard.app.inject({
      url: '/activity?from=yesterday',
      headers: { authorization: basic(STAFF.user, STAFF.password) },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('exports tables as CSV, numbers masked in columns and in texts', async () => {
    const auth = { authorization: basic(STAFF.user, STAFF.password) };
    const csv = await dashboard.app.inject({ url: `/export/interactions.csv${query}`, headers: auth });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'id,created_at,phone,via,command,topic,difficulty,outcome,counted,challenge_code,status,keywords',
    );
    expect(lines).toHaveLength(15);
    expect(csv.body).not.toContain(A);
    expect(csv.body).not.toContain('27825550199');
    expect(csv.body).toContain('27*****0001');
    for (const table of ['attempts', 'challenges', 'learners', 'tickets', 'messages']) {
      const response = await dashboard.app.inject({ url: `/export/${table}.csv${query}`, headers: auth });
      expect(response.statusCode, table).toBe(200);
      expect(response.body.split('\n').length, table).toBeGreaterThan(2);
      expect(response.body, table).not.toContain(A);
    }
    const attempts = await dashboard.app.inject({ url: `/export/attempts.csv${query}`, headers: auth });
    expect(attempts.body.trim().split('\n')).toHaveLength(5);
    expect((await dashboard.app.inject({ url: '/export/roster.csv', headers: auth })).statusCode).toBe(404);
  });

  it('masks learners’ names in the exports as on the pages, and shows them only with numbers', async () => {
    const auth = { authorization: basic(STAFF.user, STAFF.password) };
    const masked = await dashboard.app.inject({ url: `/export/learners.csv${query}`, headers: auth });
    expect(masked.body).not.toContain('Ann Smith');
    expect(masked.body).not.toContain('Bo Lee');
    expect(masked.body).toMatch(/^27\*{5}0001,A\.,Alpha,/m);
  });

  it('defuses what a spreadsheet would run as a formula, in every export', async () => {
    const auth = { authorization: basic(STAFF.user, STAFF.password) };
    const csv = await dashboard.app.inject({ url: `/export/interactions.csv${query}`, headers: auth });
    // The learner's "=HYPERLINK(…)" opens as text: a quote before it (and CSV's doubled quotes inside).
    expect(csv.body).toContain(`"'${FORMULA.replaceAll('"', '""')}"`);
    expect(csv.body).not.toMatch(/(^|,)"?=/m);
    for (const table of ['attempts', 'challenges', 'learners', 'tickets', 'messages']) {
      const response = await dashboard.app.inject({ url: `/export/${table}.csv${query}`, headers: auth });
      expect(response.body, table).not.toMatch(/(^|,)"?[=+@\t\r]/m);
      expect(response.body, table).not.toMatch(/(^|,)"?-(?!\d+(\.\d+)?(,|"|$))/m);
    }
  });

  it('shows numbers only with INSIGHTS_SHOW_NUMBERS=true', async () => {
    const shown = await startInsights(database.url, { showNumbers: true });
    try {
      const auth = { authorization: basic(STAFF.user, STAFF.password) };
      expect((await shown.app.inject({ url: `/learners${query}`, headers: auth })).body).toContain(`+${A} Ann Smith`);
      const learners = (await shown.app.inject({ url: `/export/learners.csv${query}`, headers: auth })).body;
      expect(learners).toContain(A);
      expect(learners).toContain('Ann Smith');
    } finally {
      await shown.close();
    }
  });

  it('limits guessing: after 10 refused logins a minute, 429, while a signed-in request still gets in', async () => {
    const limited = await startInsights(database.url);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/login',
          payload: { user: 'school', password: `guess-${i}` },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // A client naming another address each time is still one client: no proxy is believed by default.
      const forged = await limited.app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'x-forwarded-for': '203.0.113.99' },
        payload: { user: 'school', password: 'guess-forged' },
      });
      expect(forged.statusCode).toBe(429);
      const signedIn = await limited.app.inject({
        url: `/activity${query}`,
        headers: { authorization: basic(STAFF.user, STAFF.password) },
      });
      expect(signedIn.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('behind a proxy it is told of (INSIGHTS_TRUST_PROXY), counts refused logins per forwarded client', async () => {
    // The test's requests come from 127.0.0.1: that is the proxy here.
    const proxied = await startInsights(database.url, { trustProxy: ['127.0.0.1'] });
    try {
      const attempt = (client: string) =>
        proxied.app.inject({
          method: 'POST',
          url: '/login',
          headers: { 'x-forwarded-for': client },
          payload: { user: 'school', password: 'guess' },
        });
      for (let i = 0; i < 10; i++) expect((await attempt('198.51.100.7')).statusCode).toBe(401);
      expect((await attempt('198.51.100.7')).statusCode).toBe(429);
      expect((await attempt('198.51.100.8')).statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it('is open without a password (development), and never writes: its connection is read only', async () => {
    const open = await startInsights(database.url, { password: undefined });
    try {
      expect((await open.app.inject({ url: `/activity${query}` })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
    const db = connectReadOnly(database.url, { min: 0, max: 1 });
    try {
      await expect(db('cohorts').insert({ name: 'x', code: 'x', created_at: new Date() })).rejects.toThrow(
        /READ ONLY/i,
      );
      await expect(db.raw('UPDATE learners SET streak_best = 99')).rejects.toThrow(/READ ONLY/i);
      expect((await db('learners').count({ n: '*' }))[0]?.n).toBe(5);
    } finally {
      await db.destroy();
    }
  });
});
