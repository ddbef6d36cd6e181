import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type AppProcess, startApp } from './app-process.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER, DASHBOARD, PUBLIC_URL, SLACK } from './bot-stack.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { createTestQueue, TEST_REDIS_URL, type TestQueue } from './test-queue.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the browser tests keep their screenshots (scripts/test.sh leaves them for CI to collect). */
export const ARTIFACTS = 'test-artifacts';

/** Local mode as `pnpm start:local` runs it (ingress, simulator, worker), and a Chromium to open it in. */
export interface SimulatorStack {
  browser: Browser;
  database: TestDatabase;
  simulatorUrl: string;
  fakeTwilioUrl: string;
  /** A page on the simulator, with the page's own errors collected (a test fails on any). */
  open(viewport?: { width: number; height: number }): Promise<Page & { errors: string[] }>;
  /** Keeps a screenshot of the whole page, or of one part of it (a chat), as a test artifact. */
  screenshot(target: Page | Locator, name: string): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on now: the fake Slack's, which the ingress must know before the simulator starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startSimulatorStack(name: string): Promise<SimulatorStack> {
  const database = await createTestDatabase(name);
  const queue: TestQueue = createTestQueue(name);
  const processes: AppProcess[] = [];
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
  const stopAll = async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await Promise.all([queue.drop(), database.drop()]);
  };
  try {
    // The ingress streams mentors' files from the fake Slack to the fake Twilio (GET /media/slack/…).
    const slackPort = await freePort();
    const ingress = startApp('ingress', {
      ...shared,
      SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
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
      FAKE_SLACK_PORT: String(slackPort),
      SIMULATOR_PORT: '0',
    });
    processes.push(simulator);
    const fakeTwilioUrl = await simulator.waitForUrl(/fake Twilio API listening at/);
    const fakeSlackUrl = await simulator.waitForUrl(/fake Slack API listening at/);
    const simulatorUrl = String((await simulator.waitForLog(/simulator ready/)).msg).replace(/^.*open /, '');
    const worker = startApp('worker', {
      ...shared,
      DATABASE_URL: database.url,
      TWILIO_API_URL: fakeTwilioUrl,
      SLACK_API_URL: fakeSlackUrl,
    });
    processes.push(worker);
    await worker.waitForLog(/worker ready/);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        // A microphone that plays a tone and needs no permission prompt, for the voice note.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    });
    await mkdir(ARTIFACTS, { recursive: true });
    return {
      browser,
      database,
      simulatorUrl,
      fakeTwilioUrl,
      async open(viewport = { width: 1280, height: 900 }) {
        const page = Object.assign(await browser.newPage({ viewport }), { errors: [] as string[] });
        page.on('pageerror', (error) => page.errors.push(error.message));
        await page.goto(simulatorUrl);
        return page;
      },
      async screenshot(target, file) {
        const path = `${ARTIFACTS}/${file}`;
        await ('goto' in target ? target.screenshot({ path, fullPage: true }) : target.screenshot({ path }));
      },
      async stop() {
        await browser.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
