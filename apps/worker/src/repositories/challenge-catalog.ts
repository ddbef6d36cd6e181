import {
  type CatalogCounts,
  type CatalogSource,
  type ChallengeLookup,
  DIFFICULTIES,
  type Difficulty,
  TOPICS,
  type Topic,
} from '@datadrill/core';
import type { Knex } from 'knex';
import { readChallenge } from './rows.js';

/**
 * The library outside a learner's lock, read from `reads` (the replica when there is one). The
 * menu's topic list is re-read at most every `ttlMs`, so a library sync shows up without a restart.
 * A challenge the replica does not have yet (a sync it has not caught up with) is asked of `db`.
 */
export function createChallengeCatalog(db: Knex, reads = db, ttlMs = 30_000): CatalogSource & ChallengeLookup {
  let cached: { at: number; counts: CatalogCounts } | undefined;
  return {
    async counts() {
      if (cached && Date.now() - cached.at < ttlMs) return cached.counts;
      const rows = await reads('challenges')
        .whereNull('retired_at')
        .groupBy('topic', 'difficulty')
        .select<{ topic: Topic; difficulty: Difficulty; total: number }[]>(
          'topic',
          'difficulty',
          reads.raw('COUNT(*) AS total'),
        );
      cached = { at: Date.now(), counts: toCounts(rows) };
      return cached.counts;
    },

    find: async (code) => (await readChallenge(reads, code)) ?? (reads === db ? undefined : readChallenge(db, code)),
  };
}

function toCounts(rows: ReadonlyArray<{ topic: Topic; difficulty: Difficulty; total: number }>): CatalogCounts {
  const counts = new Map<Topic, Map<Difficulty, number>>();
  for (const topic of TOPICS) {
    for (const difficulty of DIFFICULTIES) {
      const total = Number(rows.find((row) => row.topic === topic && row.difficulty === difficulty)?.total ?? 0);
      if (total === 0) continue;
      const cells = counts.get(topic) ?? new Map<Difficulty, number>();
      cells.set(difficulty, total);
      counts.set(topic, cells);
    }
  }
  return counts;
}
