export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

export type QuotaDecision = { allowed: true; remaining: number } | { allowed: false; nextAvailableAt: Date };

/** Start of the rolling window: a challenge sent at or before this instant no longer counts. */
export function windowStart(now: Date): Date {
  return new Date(now.getTime() - QUOTA_WINDOW_MS);
}

/**
 * Decides on a learner's request from the times of the challenges that still count
 * (those sent after `windowStart(now)`). When the limit is reached, the next
 * challenge frees up 24 hours after the one that would drop out of the window.
 */
export function decideQuota(countedAt: readonly Date[], limit: number, now: Date): QuotaDecision {
  const inWindow = countedAt
    .filter((sentAt) => sentAt.getTime() > now.getTime() - QUOTA_WINDOW_MS)
    .sort((a, b) => a.getTime() - b.getTime());
  if (inWindow.length < limit) return { allowed: true, remaining: limit - inWindow.length - 1 };
  const freeing = inWindow[inWindow.length - limit] ?? now;
  return { allowed: false, nextAvailableAt: new Date(freeing.getTime() + QUOTA_WINDOW_MS) };
}

/** "3h 12m", "45m", "1m": rounded up, so a learner never comes back a minute too early. */
export function formatWait(from: Date, to: Date): string {
  return formatDuration(to.getTime() - from.getTime());
}

/** A span of time in the same words, rounded up to the minute. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}
