import { mkdir } from 'node:fs/promises';
import { answerFromStorage } from '@datadrill/core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from '../support/app-process.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER, DASHBOARD, PUBLIC_URL, SLACK } from '../support/bot-stack.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createTestQueue, TEST_REDIS_URL, type TestQueue } from '../support/test-queue.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';

describe('the local WhatsApp simulator in a browser', () => {
  let database: TestDatabase;
  let queue: TestQueue;
  const processes: AppProcess[] = [];
  let browser: Browser;
  let simulatorUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('simulator');
    queue = createTestQueue('simulator');
    const shared = {
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: queue.prefix,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: BOT_NUMBER,
      PUBLIC_URL,
      SLACK_BOT_TOKEN: SLACK.botToken,
      SLACK_MENTOR_CHANNEL: SLACK.channel,
      SLACK_SIGNING_SECRET: SLACK.signingSecret,
    };
    const ingress = startApp('ingress', {
      ...shared,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      DASHBOARD_PASSWORD: DASHBOARD.password,
      DASHBOARD_PORT: '0',
    });
    processes.push(ingress);
    const ingressUrl = await ingress.waitForUrl(/Server listening at/);

    const simulator = startApp('simulator', {
      ...shared,
      INGRESS_URL: ingressUrl,
      FAKE_TWILIO_PORT: '0',
      FAKE_SLACK_PORT: '0',
      SIMULATOR_PORT: '0',
    });
    processes.push(simulator);
    const fakeTwilioUrl = await simulator.waitForUrl(/fake Twilio API listening at/);
    const fakeSlackUrl = await simulator.waitForUrl(/fake Slack API listening at/);
    simulatorUrl = String((await simulator.waitForLog(/simulator ready/)).msg).replace(/^.*open /, '');

    const worker = startApp('worker', {
      ...shared,
      DATABASE_URL: database.url,
      TWILIO_API_URL: fakeTwilioUrl,
      SLACK_API_URL: fakeSlackUrl,
    });
    processes.push(worker);
    await worker.waitForLog(/worker ready/);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(processes.map((process) => process.stop()));
    await Promise.all([queue?.drop(), database?.drop()]);
  });

  it('shows the menu and a challenge with its code as the learner chats', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(simulatorUrl);
    const chat = page.locator('section.chat[data-number="+15550001111"]');
    const input = chat.getByLabel('message');

    await input.fill('help');
    await input.press('Enter');
    await expect
      .poll(() => chat.locator('.bubble.bot').first().textContent(), { timeout: 20_000 })
      .toMatch(/Topics and difficulties/);

    await input.fill('python easy');
    await input.press('Enter');
    await expect
      .poll(() => chat.locator('.bubble.bot').nth(1).textContent(), { timeout: 20_000 })
      .toMatch(/\[python-easy-\d{3}\]/);
    // WhatsApp formatting is rendered, not shown as asterisks: the title in bold, the quota line in italics.
    const challenge = chat.locator('.bubble.bot').nth(1);
    expect(await challenge.locator('strong').first().textContent()).not.toContain('*');
    expect(await challenge.locator('em').count()).toBeGreaterThan(0);
    expect(await challenge.textContent()).not.toMatch(/^\*/);
    expect(await chat.locator('.bubble.learner').allTextContents()).toEqual([
      expect.stringMatching(/^help.*✓ sent/),
      expect.stringMatching(/^python easy.*✓ sent/),
    ]);
    expect(await chat.locator('.bubble.bot .meta').first().textContent()).toMatch(/delivered/);

    // A second number chats side by side, with its own conversation.
    await page.getByLabel('phone number to add').fill('+15550002222');
    await page.getByRole('button', { name: 'Add number' }).click();
    const second = page.locator('section.chat[data-number="+15550002222"]');
    await second.getByLabel('message').fill('sql hard');
    await second.getByLabel('message').press('Enter');
    await expect
      .poll(() => second.locator('.bubble.bot').first().textContent(), { timeout: 20_000 })
      .toMatch(/\[sql-hard-\d{3}\]/);
    expect(await chat.locator('.bubble.bot').count()).toBe(2);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/simulator.png`, fullPage: true });
  });

  it("lets the learner ask a mentor, and the page answer as the mentor in the ticket's thread", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.goto(simulatorUrl);
    const chat = page.locator('section.chat[data-number="+15550001111"]');
    const bots = await chat.locator('.bubble.bot').count();
    await chat.getByLabel('message').fill('ask why is my p-value 1.0?');
    await chat.getByLabel('message').press('Enter');
    await expect
      .poll(() => chat.locator('.bubble.bot').nth(bots).textContent(), { timeout: 20_000 })
      .toMatch(/ticket #\d+/);

    const ticket = page.getByLabel("mentors' channel").locator('.ticket').first();
    await expect
      .poll(() => ticket.locator('> .text').textContent(), { timeout: 20_000 })
      .toMatch(/why is my p-value 1\.0\?/);
    await ticket.getByLabel('reply in thread').fill('Check that you passed two different samples.');
    await ticket.getByLabel('reply in thread').press('Enter');
    await expect
      .poll(
        () =>
          chat
            .locator('.bubble.bot')
            .nth(bots + 1)
            .textContent(),
        { timeout: 20_000 },
      )
      .toMatch(/Mentor \(mentor\) on ticket #\d+:\s+Check that you passed two different samples\./);

    await ticket.getByRole('button', { name: '✅ Close' }).click();
    await expect
      .poll(
        () =>
          chat
            .locator('.bubble.bot')
            .nth(bots + 2)
            .textContent(),
        { timeout: 20_000 },
      )
      .toMatch(/was closed by Mentor/);
    await page.screenshot({ path: `${ARTIFACTS}/simulator-mentors.png`, fullPage: true });
  });

  it('runs a whole learning session: a challenge, a wrong answer, the right one, progress', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(simulatorUrl);
    await page.getByLabel('phone number to add').fill('+27825550777');
    await page.getByRole('button', { name: 'Add number' }).click();
    const chat = page.locator('section.chat[data-number="+27825550777"]');
    const input = chat.getByLabel('message');
    const say = async (text: string, expected: RegExp) => {
      const bots = await chat.locator('.bubble.bot').count();
      await input.fill(text);
      await input.press('Enter');
      await expect
        .poll(() => chat.locator('.bubble.bot').nth(bots).textContent(), { timeout: 20_000 })
        .toMatch(expected);
      return (await chat.locator('.bubble.bot').nth(bots).textContent()) ?? '';
    };
    const challenge = await say('probability easy', /\[probability-easy-\d{3}\]/);
    const code = /\[(probability-easy-\d{3})\]/.exec(challenge)?.[1] ?? '';
    const row = await database.db('challenges').where({ code }).first('answer');
    const answer = answerFromStorage(String(row.answer));
    await say('answer banana', /can't read that as an answer/);
    await say(`answer ${answer.values.map((v) => String(Number(v) + 1)).join(', ')}`, /Not quite/);
    await say(`answer ${answer.values.join(', ')}`, /Right!.*Streak: 1 day/s);
    await say('progress', /probability.*1 solved of 1 attempted/s);
    await page.screenshot({ path: `${ARTIFACTS}/simulator-session.png`, fullPage: true });
  });
});
