import { type ReplicaRouting, replicaRouting } from '@datadrill/ops';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectReadOnly } from '../../apps/insights/src/connect.js';
import { connectReads, databaseName } from '../../apps/worker/src/repositories/connect.js';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { appStatements, asApp, caughtUp, query, startReplicatedMysql } from './private-replication.js';

const DOWN = /the read replica does not answer/;

describe('MySQL primary and read replica', () => {
  let servers: Awaited<ReturnType<typeof startReplicatedMysql>>;
  let stack: BotStack;
  let reads: Knex;
  let dashboard: Knex;
  let routing: ReplicaRouting;
  let replicaDatabase: string;
  const events: string[] = [];
  // The library as the replica holds it: its probability challenges retired there only.
  const probability = async (db: Knex) =>
    Number((await db('challenges').where({ topic: 'probability' }).whereNull('retired_at').count({ n: '*' }))[0]?.n);
  const probabilityOnReads = async () => {
    const [worker, school] = await Promise.all([probability(reads), probability(dashboard)]);
    expect(school).toBe(worker);
    return worker;
  };

  beforeAll(async () => {
    servers = await startReplicatedMysql();
    stack = await startBotStack({
      label: 'faultsreplica',
      mysqlUrl: asApp(servers.primary.url),
      mysqlReplicaUrl: asApp(servers.replica.url),
      env: { JOB_BACKOFF_MS: '500' },
      workerEnv: { OUTAGE_MAX_PAUSE_MS: '2000' },
    });
    replicaDatabase = `${servers.replica.url}${new URL(stack.database.url).pathname}`;
    await caughtUp(servers.primary, servers.replica);
    await query(replicaDatabase, ["UPDATE challenges SET retired_at = NOW() WHERE topic = 'probability'"]);
    routing = replicaRouting(stack.database.url, replicaDatabase, databaseName(stack.database.url), {
      onDown: () => events.push('down'),
      onUp: () => events.push('up'),
    });
    reads = connectReads(routing);
    // The school dashboard's read-only pool, on the same watch.
    dashboard = connectReadOnly(replicaDatabase, { min: 0, max: 2 }, routing);
  }, 90_000);
  afterAll(async () => {
    routing?.close();
    await reads?.destroy();
    await dashboard?.destroy();
    await stack?.stop();
    await servers?.stop();
  });

  it('serves the catalog from the replica and every write from the primary', async () => {
    const before = await Promise.all([servers.primary.url, servers.replica.url].map(appStatements));
    const learner = 'whatsapp:+27825590001';
    const topics = await stack.say(learner, 'topics');
    // The menu is the replica's: the primary still has its probability challenges.
    expect(topics).toMatch(/python\*: easy \d+/);
    expect(topics).not.toMatch(/probability/);
    const [primaryRows] = await query(stack.database.url, [
      "SELECT COUNT(*) AS n FROM challenges WHERE topic = 'probability' AND retired_at IS NULL",
    ]);
    expect(Number((primaryRows as Array<{ n: number }>)[0]?.n)).toBeGreaterThan(0);
    expect(await stack.say(learner, 'python easy')).toMatch(/python/i);

    const [primary, replica] = await Promise.all([servers.primary.url, servers.replica.url].map(appStatements));
    expect(replica?.selects).toBeGreaterThan(before[1]?.selects ?? 0);
    expect(primary?.rowsInserted).toBeGreaterThan(before[0]?.rowsInserted ?? 0);
    // The apps wrote nothing to the replica: the rows it holds were applied from the primary's log.
    expect(replica?.writes).toBe(0);
    expect(replica?.rowsInserted).toBe(0);
    await caughtUp(servers.primary, servers.replica);
    const [learners] = await query(replicaDatabase, ['SELECT COUNT(*) AS n FROM learners']);
    expect(Number((learners as Array<{ n: number }>)[0]?.n)).toBe(1);
    expect(await probabilityOnReads()).toBe(0);
  });

  it('keeps answering while the replica is stopped, reading the primary, and goes back to it', async () => {
    const worker = stack.workers[0];
    if (!worker) throw new Error('no worker');
    await servers.replica.kill();
    await worker.waitForLog(DOWN);
    await waitFor('the reads pool to notice', () => events.includes('down'));
    // The same pool, now on the primary, which has the probability challenges the replica retired.
    expect(await probabilityOnReads()).toBeGreaterThan(0);

    const learners = Array.from({ length: 5 }, (_, i) => `whatsapp:+2782559010${i}`);
    for (const learner of learners) expect((await stack.send(learner, 'python easy')).status).toBe(200);
    await waitFor('every learner answered', () => learners.every((l) => stack.repliesTo(l).length >= 1));
    expect(await stack.say(learners[0] ?? '', 'topics')).toMatch(/python\*: easy \d+/);
    const health = await worker.waitForUrl(/health server listening at/);
    const metrics = await (await fetch(`${health}/metrics`)).text();
    expect(metrics).toMatch(/^datadrill_mysql_replica_fallback 1$/m);
    expect(metrics).toMatch(/^datadrill_mysql_replica_outages_total 1$/m);
    expect(worker.output.filter((line) => DOWN.test(line))).toHaveLength(1);
    expect(await stack.queue.inbound.getFailedCount()).toBe(0);

    await servers.replica.restart();
    await worker.waitForLog(/the read replica answers again/);
    await waitFor('the reads pool to go back', () => events.includes('up'));
    expect(await probabilityOnReads()).toBe(0);
  });
});
