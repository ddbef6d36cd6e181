/** How many of these times (ms since the epoch) fall in each clock second, as Twilio counts a sender's MPS. */
export function countPerClockSecond(times: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const time of times) {
    const second = Math.floor(time / 1000);
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }
  return counts;
}
