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

describe('pacedMessenger with several senders', () => {
  const prefix = `dd-test-pacer-${randomBytes(4).toString('hex')}`;
  const connections = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
  const senders = { fast: 'whatsapp:+27600000001', slow: 'whatsapp:+44700000002' };
  const mps: Record<string, number> = { [senders.fast]: 20, [senders.slow]: 4 };
  afterAll(async () => {
    await connections[0]?.del(...Object.values(senders).map((sender) => `${prefix}:pacing:${sender}`));
    for (const connection of connections) connection.disconnect();
  });

  it('paces each sender at its own MPS across processes, the slow one never holding up the fast one', async () => {
    const sentAt = new Map<string, number[]>(Object.values(senders).map((sender) => [sender, []]));
    const twilio: Messenger = {
      async send(message) {
        sentAt.get(message.from ?? '')?.push(Date.now());
        return { sid: 'SM1' };
      },
      async findSent() {
        return undefined;
      },
      async deleteMessage() {},
    };
    const lane = (message: { from?: string | null }) => ({
      key: `${prefix}:pacing:${message.from}`,
      messagesPerSecond: mps[message.from ?? ''] ?? 1,
    });
    const [a, b] = connections.map((redis) => pacedMessenger(twilio, redis, lane));
    const started = Date.now();
    const send = (from: string, i: number) =>
      (i % 2 ? a : b)?.send({ to: 'whatsapp:+27820000000', from, body: 'hi', contentSid: null });
    // 8 for the slow sender (about 2 s at 4 MPS) and 20 for the fast one (about 1 s at 20), at once.
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => send(senders.slow, i)),
      ...Array.from({ length: 20 }, (_, i) => send(senders.fast, i)),
    ]);
    for (const [sender, times] of sentAt) {
      times.sort((x, y) => x - y);
      const rate = mps[sender] ?? 1;
      const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
      expect(span).toBeGreaterThanOrEqual((times.length - 1) * (slotIntervalUs(rate) / 1000) - ARRIVAL_JITTER_MS);
      expect(Math.max(...countPerClockSecond(times).values())).toBeLessThanOrEqual(rate);
    }
    // The fast sender's 20 went out in about a second, not behind the slow sender's 2 s.
    expect((sentAt.get(senders.fast)?.at(-1) ?? 0) - started).toBeLessThan(1500);
  });
});
