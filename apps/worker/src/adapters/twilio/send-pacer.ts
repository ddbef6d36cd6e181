import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageToSend, Messenger } from '@datadrill/core';
import { type RedisConnection, redisScript } from '@datadrill/ops';

/**
 * How much later than its slot a send may reach Twilio (event-loop lag, the request itself) and
 * still never push a clock second past the MPS. Twilio counts where requests arrive.
 */
export const ARRIVAL_JITTER_MS = 25;
const MAX_MISSED_SLOTS = 3;

/**
 * Hands out the next free send slot, shared by every worker through one key: one slot per
 * interval after the last one handed out, or now if that is past. Slots are reserved ahead, so a
 * process that wakes late does not slow the stream down; it only sends a little after its slot.
 * Times are Redis's clock in microseconds, so all processes agree. Returns the wait in µs.
 */
const RESERVE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%.0f', slot), 'PX', 60000)
return slot - now`;

/**
 * Microseconds between slots: any 1000 + ARRIVAL_JITTER_MS ms then holds at most `mps` slots, so
 * every clock second at Twilio receives at most `mps` sends (78 per second at 80).
 */
export function slotIntervalUs(messagesPerSecond: number): number {
  return ((1000 + ARRIVAL_JITTER_MS) * 1000) / messagesPerSecond;
}

/** One stream of sends: its slot key in Redis and its messages per second. */
export interface PaceLane {
  key: string;
  messagesPerSecond: number;
}

/**
 * Spaces `send` calls evenly at the sender's MPS across all worker processes together. With
 * several senders, `lanes` names each message's lane (its sender's key and MPS): every sender is
 * paced on its own, one sender's queue never slows another's.
 */
export function pacedMessenger(
  messenger: Messenger,
  redis: RedisConnection,
  lanes: PaceLane | ((message: MessageToSend) => PaceLane),
): Messenger {
  const reserveSlot = redisScript<number>(redis, 'reserveSendSlot', RESERVE_SCRIPT);
  const laneOf = typeof lanes === 'function' ? lanes : () => lanes;
  return {
    ...messenger,
    async send(message) {
      const lane = laneOf(message);
      const interval = slotIntervalUs(lane.messagesPerSecond).toFixed(3);
      // A busy event loop can wake us long after the slot; sending then could crowd the next
      // second, so a slot missed by more than half the allowance is left unused for a new one
      // (a few times at most: a process that is always late must still send).
      for (let missed = 0; missed < MAX_MISSED_SLOTS; missed++) {
        const due = performance.now() + (await reserveSlot(lane.key, interval)) / 1000;
        const wait = due - performance.now();
        if (wait >= 1) await sleep(wait);
        if (performance.now() - due <= ARRIVAL_JITTER_MS / 2) break;
      }
      return messenger.send(message);
    },
  };
}
