import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';
import { startPrivateRedis } from './private-redis.js';
import { recordScenario, tally } from './scenario-table.js';

describe('Redis going away', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let stack: BotStack;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    stack = await startBotStack({ label: 'faultsredis', redisUrl: redis.url });
  });
  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  for (const outageSeconds of [2, 30]) {
    it(`6. stopped for ${outageSeconds} s: 503 within 2 s meanwhile, then every acknowledged message is answered`, async () => {
      const sent = new Map<string, number>();
      const post = async (learner: string) => {
        const started = performance.now();
        const response = await stack.send(learner, 'help');
        if (response.status === 200) sent.set(learner, (sent.get(learner) ?? 0) + 1);
        return { status: response.status, ms: performance.now() - started };
      };
      const tag = String(outageSeconds).padStart(2, '0');
      for (let i = 0; i < 10; i++) expect((await post(`whatsapp:+27825${tag}0${i}000`)).status).toBe(200);

      await redis.kill();
      const during = [];
      for (let i = 0; i < 5; i++) during.push(await post(`whatsapp:+27825${tag}1${i}000`));
      expect(during.every((result) => result.status === 503 && result.ms < 2000)).toBe(true);
      await sleep(Math.max(0, outageSeconds * 1000 - 500));
      await redis.restart();

      // The ingress recovers by itself: keep posting until it accepts again.
      let i = 0;
      await waitFor(
        'the ingress to accept again',
        async () => (await post(`whatsapp:+27825${tag}2${i++}000`)).status === 200,
        30_000,
      );
      for (let j = 0; j < 10; j++) expect((await post(`whatsapp:+27825${tag}3${j}000`)).status).toBe(200);

      // Workers resume without a restart and answer everything that was acknowledged.
      await waitFor(
        'every acknowledged message to be answered',
        () => [...sent.keys()].every((learner) => stack.repliesTo(learner).length >= 1),
        90_000,
      );
      const row = tally(
        `6. Redis stopped ${outageSeconds} s`,
        sent,
        new Map([...sent.keys()].map((learner) => [learner, stack.repliesTo(learner).length])),
      );
      recordScenario(row);
      expect(row).toMatchObject({ duplicates: 0, lost: 0 });
    });
  }
});
