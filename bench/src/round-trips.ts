import { FakeTwilio } from '@datadrill/fake-twilio';
import type { Knex } from 'knex';
import { startApp } from '../../test/support/app-process.js';
import { createTestDatabase } from '../../test/support/test-database.js';
import { createTestQueue, TEST_REDIS_URL } from '../../test/support/test-queue.js';
import { waitFor } from '../../test/support/wait-for.js';
import { cpuMeter, pidsOf, startIngress } from './end-to-end.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER, postWebhooks, signedWebhooks } from './load.js';

export interface RoundTrips {
  /** Requests the worker sent to MySQL per message (a packet of statements is one), from its metrics. */
  roundTrips: number;
  /** Statements MariaDB executed per message (its `Questions` counter), whoever sent them. */
  statements: number;
  /** CPU per message of the product's processes: ingress, worker, MariaDB and Redis (ms). */
  cpuMs: number;
  /** WhatsApp messages the learner got per message they sent (WhatsApp is charging per message). */
  messagesOut: number;
  /** Of those, the share that carried buttons or a list (a Content API template). */
  tappable: number;
}

/** One step of the conversation every learner has: a message, the same or each learner's own. */
export interface Step {
  label: string;
  body: string | ((db: Knex) => Promise<(learner: string) => string>);
}

/**
 * What one message costs in MySQL, by kind: the real ingress and one worker, `messages` learners
 * each sending the steps in order, counted once everything they caused (the reply's delivery
 * too) has settled.
 */
export async function roundTripsPerMessage(steps: readonly Step[], messages: number): Promise<Map<string, RoundTrips>> {
  const fake = await new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
  const database = await createTestDatabase('bench-trips');
  const queue = createTestQueue('bench-trips');
  const { ingress, url } = await startIngress(database.url, queue.prefix);
  const worker = startApp('worker', {
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queue.prefix,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    DATABASE_URL: database.url,
    TWILIO_WHATSAPP_FROM: BOT_NUMBER,
    TWILIO_API_URL: fake.url,
    TWILIO_MPS: '10000',
    WORKER_HEALTH_PORT: '0',
    WORKER_HEALTH_HOST: '127.0.0.1',
  });
  try {
    const metricsUrl = `${await worker.waitForUrl(/health server listening/)}/metrics`;
    const counters = async () => ({
      roundTrips: Number(/datadrill_mysql_round_trips_total (\d+)/.exec(await (await fetch(metricsUrl)).text())?.[1]),
      statements: await questions(database.db),
    });
    const run = 1 + Math.floor(Math.random() * 998);
    const send = async (body: string | ((learner: string) => string), count: number, learners?: number) => {
      const before = fake.messages.length;
      await postWebhooks({ url, webhooks: signedWebhooks(count, body, learners), connections: 10 });
      await waitFor(`${count} replies`, () => fake.messages.length - before >= count, 60_000);
      return settled(database.db);
    };
    // The first messages also warm the pool and read the library's topic list (cached for 30 s).
    await send('help', 20);
    const results = new Map<string, RoundTrips>();
    for (const step of steps) {
      const body = typeof step.body === 'string' ? step.body : await step.body(database.db);
      const before = await counters();
      const cpu = cpuMeter({
        product: [ingress.child.pid, worker.child.pid, ...pidsOf('mariadbd', 'mysqld', 'redis-server')],
      });
      const sentBefore = fake.messages.length;
      const reads = await send(body, messages, run);
      const { product } = cpu();
      const out = fake.messages.slice(sentBefore);
      const messagesOut = out.length / messages;
      const tappable = out.filter((message) => message.content !== undefined).length / Math.max(1, out.length);
      const after = await counters();
      // Reading MariaDB's counter and waiting for the last settle are statements too: 1 each.
      const own = 1 + reads;
      results.set(step.label, {
        roundTrips: (after.roundTrips - before.roundTrips) / messages,
        statements: (after.statements - before.statements - own) / messages,
        cpuMs: product / messages,
        messagesOut,
        tappable,
      });
    }
    return results;
  } finally {
    await Promise.all([ingress.stop(), worker.stop()]);
    await Promise.all([queue.drop(), database.drop(), fake.close()]);
  }
}

/** Waits until no interaction is still pending (the last reply's settle is written); how many reads it took. */
async function settled(db: Knex): Promise<number> {
  let reads = 0;
  await waitFor(
    'every interaction settled',
    async () => {
      reads++;
      const [row] = await db('interactions').where({ status: 'pending' }).count<{ n: number }[]>({ n: '*' });
      return Number(row?.n) === 0;
    },
    60_000,
  );
  return reads;
}

async function questions(db: Knex): Promise<number> {
  const [rows] = (await db.raw("SHOW GLOBAL STATUS LIKE 'Questions'")) as [Array<{ Value: string }>];
  return Number(rows[0]?.Value);
}
