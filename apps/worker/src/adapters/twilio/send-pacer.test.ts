import { randomBytes } from 'node:crypto';
import type { Messenger } from '@datadrill/core';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { countPerClockSecond } from '../../../../../test/support/per-clock-second.js';
import { TEST_REDIS_URL } from '../../../../../test/support/test-queue.js';
import { ARRIVAL_JITTER_MS, pacedMessenger, slotIntervalUs } from './send-pacer.js';

describe('pacedMessenger', () => {
  const key = `dd-test-pacer-${randomBytes(4).toString('hex')}:pacing`;
  // Two connections stand for two worker processes sharing the sender.
  const connections = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
  afterAll(async () => {
    await connections[0]?.del(key);
    for (const connection of connections) connection.disconnect();
  });

  it('spaces the sends of every process evenly at the MPS, with no clock second over it', async () => {
    const mps = 20;
    const sentAt: number[] = [];
    const twilio: Messenger = {
      async send() {
        sentAt.push(Date.now());
        return { sid: `SM${sentAt.length}` };
      },
      async findSent() {
        return undefined;
      },
      async deleteMessage() {},
    };
    const [a, b] = connections.map((redis) => pacedMessenger(twilio, redis, { key, messagesPerSecond: mps }));
    const message = { to: 'whatsapp:+27820000000', body: 'hi', contentSid: null };
    // 30 sends asked for at once, half from each process.
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b)?.send(message)));

    sentAt.sort((x, y) => x - y);
    const span = (sentAt.at(-1) ?? 0) - (sentAt[0] ?? 0);
    const interval = slotIntervalUs(mps) / 1000;
    // Unpaced, all 30 would leave within a few milliseconds.
    expect(span).toBeGreaterThanOrEqual(29 * interval - ARRIVAL_JITTER_MS);
    expect(span).toBeLessThan(29 * interval + 1000);
    expect(Math.max(...countPerClockSecond(sentAt).values())).toBeLessThanOrEqual(mps);
  });

  it('holds at most the MPS in any second even when sends arrive up to ARRIVAL_JITTER_MS after their slot', () => {
    for (const mps of [1, 10, 80, 250, 10_000]) {
      const intervalMs = slotIntervalUs(mps) / 1000;
      // Every arrival in a clock second had its slot in an open window of 1000 + jitter ms.
      expect(Math.ceil((1000 + ARRIVAL_JITTER_MS) / intervalMs - 1e-9)).toBeLessThanOrEqual(mps);
      expect(1000 / intervalMs).toBeGreaterThanOrEqual(mps * 0.97);
    }
  });
});
