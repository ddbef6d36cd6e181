import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { FakeTwilio } from '@datadrill/fake-twilio';
import { type AppProcess, startApp } from '../../test/support/app-process.js';
import { countPerClockSecond } from '../../test/support/per-clock-second.js';
import { createTestDatabase } from '../../test/support/test-database.js';
import { createTestQueue, TEST_REDIS_URL } from '../../test/support/test-queue.js';
import { waitFor } from '../../test/support/wait-for.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BOT_NUMBER,
  median,
  PUBLIC_URL,
  pacedWebhooks,
  percentile,
  postWebhooks,
  signedWebhooks,
} from './load.js';

export interface StackRun {
  workers: number;
  messages: number;
  /** Webhooks per second to offer; unset sends as fast as the ingress answers. */
  overallRate?: number;
  fakeLatencyMs?: number;
  /** TWILIO_MPS for the workers (the outbound limit); very high lifts it. */
  mps?: number;
  /** The fake Twilio's own limit, answering 429 beyond it. */
  twilioMps?: number;
  /** Runs on a Redis Cluster (its nodes, host:port,…) instead of the single Redis. */
  redisClusterNodes?: string;
}

export interface StackResult {
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  rateLimited: number;
  /** Messages per second as Twilio received them, from the first to the last. */
  sendRate: number;
  /** The most Twilio received in one clock second, and the median over the full seconds between the first and last. */
  perClockSecond: { max: number; median: number };
  ingressRssMb: number;
  workerRssMb: number;
  ingressAckP99Ms: number;
  /** CPU milliseconds per message spent by each part during the measured run. */
  cpuMsPerMessage: Record<CpuPart, number>;
}

type CpuPart = 'ingress' | 'workers' | 'mysql' | 'redis' | 'load and fake Twilio';

/** The real ingress, logging at info as in production, and the URL it listens at. */
export async function startIngress(
  databaseUrl: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<{ ingress: AppProcess; url: string }> {
  const ingress = startApp('ingress', {
    ...env,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL,
    DATABASE_URL: databaseUrl,
    DASHBOARD_PASSWORD: 'bench-dashboard-password',
    DASHBOARD_PORT: '0',
    LOG_LEVEL: 'info',
  });
  const url = await ingress.waitForUrl(/Server listening at/);
  return { ingress, url };
}

/** The real ingress and N real worker processes, webhook in, reply received by the fake Twilio. */
export async function runStack(run: StackRun): Promise<StackResult> {
  const fake = await new FakeTwilio({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    latencyMs: run.fakeLatencyMs ?? 0,
    messagesPerSecond: run.twilioMps,
  }).start();
  const database = await createTestDatabase('bench');
  const queue = createTestQueue('bench', TEST_REDIS_URL, run.redisClusterNodes);
  const cluster: Record<string, string> = run.redisClusterNodes ? { REDIS_CLUSTER_NODES: run.redisClusterNodes } : {};
  const shared = {
    ...cluster,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queue.prefix,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  };
  const processes: AppProcess[] = [];
  try {
    const { ingress, url } = await startIngress(database.url, queue.prefix, cluster);
    processes.push(ingress);
    for (let i = 0; i < run.workers; i++) {
      processes.push(
        startApp(
          'worker',
          {
            ...shared,
            DATABASE_URL: database.url,
            TWILIO_WHATSAPP_FROM: BOT_NUMBER,
            TWILIO_API_URL: fake.url,
            TWILIO_MPS: String(run.mps ?? 10_000),
            WORKER_CONCURRENCY: '50',
            OUTBOUND_CONCURRENCY: '100',
            LOG_LEVEL: 'info',
          },
          // e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a worker's time goes.
          process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean),
        ),
      );
    }
    await Promise.all(processes.slice(1).map((worker) => worker.waitForLog(/worker ready/)));

    // Warm up first (JIT, connection pools), so the figures describe the steady state.
    const warmup = signedWebhooks(Math.min(300, Math.ceil(run.messages / 5)));
    await postWebhooks({ url, webhooks: warmup, connections: 10 });
    await waitFor('the warm-up replies', () => fake.messages.length >= warmup.length, 120_000);
    fake.rateLimited = 0;

    const webhooks = signedWebhooks(run.messages);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const received: number[] = [];
    const arrivals: number[] = [];
    fake.on('message', (message) => {
      const sent = sentAt.get(message.to);
      if (sent === undefined) return;
      const now = performance.now();
      received.push(now);
      arrivals.push(message.receivedAt.getTime());
      latencies.push(now - sent);
    });
    const cpu = cpuMeter({
      ingress: [ingress.child.pid],
      workers: processes.slice(1).map((worker) => worker.child.pid),
      mysql: pidsOf('mariadbd', 'mysqld'),
      redis: pidsOf('redis-server'),
      'load and fake Twilio': [process.pid],
    });
    const started = performance.now();
    const onSend = (webhook: { learner: string }) => sentAt.set(webhook.learner, performance.now());
    const ackP99 = run.overallRate
      ? percentile(await pacedWebhooks(url, webhooks, run.overallRate, onSend), 99)
      : (await postWebhooks({ url, webhooks, amount: run.messages, onSend })).p99Ms;
    await waitFor('every reply', () => received.length >= run.messages, 300_000);
    const cpuMs = cpu();
    const last = Math.max(...received);
    const first = Math.min(...received);
    return {
      messagesPerSecond: run.messages / ((last - started) / 1000),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      rateLimited: fake.rateLimited,
      sendRate: (received.length - 1) / ((last - first) / 1000),
      perClockSecond: perClockSecond(arrivals),
      ingressRssMb: rssMb(ingress),
      workerRssMb: Math.max(...processes.slice(1).map(rssMb)),
      ingressAckP99Ms: ackP99,
      cpuMsPerMessage: Object.fromEntries(
        Object.entries(cpuMs).map(([part, ms]) => [part, ms / run.messages]),
      ) as Record<CpuPart, number>,
    };
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
    await Promise.all([queue.drop(), database.drop(), fake.close()]);
  }
}

function rssMb(process: AppProcess): number {
  const status = readFileSync(`/proc/${process.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time (user + system) of some processes between now and the returned function's call. */
export function cpuMeter<Part extends string>(
  parts: Record<Part, Array<number | undefined>>,
): () => Record<Part, number> {
  const read = () =>
    Object.fromEntries(
      Object.entries<Array<number | undefined>>(parts).map(([part, pids]) => [
        part,
        pids.reduce<number>((sum, pid) => sum + cpuMsOf(pid), 0),
      ]),
    ) as Record<Part, number>;
  const before = read();
  return () => {
    const after = read();
    return Object.fromEntries(
      Object.entries<number>(after).map(([part, ms]) => [part, ms - before[part as Part]]),
    ) as Record<Part, number>;
  };
}

/** utime + stime from /proc/<pid>/stat (in clock ticks of 10 ms), 0 for a process that is gone. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The processes running a program of this name (exactly), e.g. every MariaDB server process. */
export function pidsOf(...names: string[]): number[] {
  return names.flatMap((name) => {
    try {
      return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/** How many arrivals each clock second held, as Twilio counts them: the busiest, and the median full second. */
function perClockSecond(arrivals: readonly number[]): { max: number; median: number } {
  const counts = countPerClockSecond(arrivals);
  const seconds = [...counts.keys()].sort((a, b) => a - b);
  const full = seconds.slice(1, -1).map((second) => counts.get(second) ?? 0);
  return { max: Math.max(0, ...counts.values()), median: median(full) };
}
