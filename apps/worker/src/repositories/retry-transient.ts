import { setTimeout as sleep } from 'node:timers/promises';

/** InnoDB picks a victim when two learners' upserts cross; the victim simply runs again. */
const RETRYABLE_ERRNO = new Set([1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */]);

export async function retryTransient<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (attempt >= attempts || errno === undefined || !RETRYABLE_ERRNO.has(errno)) throw error;
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}
