import type { Knex } from 'knex';
import { createSimulation, SEED_COLUMNS, type SeedTable, seedChallenges } from './simulate.js';

export interface SeedOptions {
  learners: number;
  interactions: number;
  days: number;
  end?: Date;
  seed?: number;
  /** Called now and then with the counts so far. */
  progress?: (counts: Record<string, number>) => void;
}

/** Rows per INSERT: large enough to amortise the round trip, small enough for max_allowed_packet. */
const BATCH = 2000;

/**
 * Fills an empty, migrated database (with the library synced) with a simulated school: multi-row
 * INSERTs, several tables at once on a few connections, unique and foreign-key checks off per session.
 */
export async function writeSeed(db: Knex, options: SeedOptions): Promise<Record<string, number>> {
  const challenges = seedChallenges(
    await db('challenges').whereNull('retired_at').select('code', 'topic', 'difficulty').orderBy('code'),
    options.seed,
  );
  if (challenges.length === 0) throw new Error('no challenges in the database: run pnpm challenges:sync first');
  const [[{ learners = 0 } = {}]] = (await db.raw('SELECT COUNT(*) AS learners FROM learners')) as unknown as [
    Array<{ learners?: number }>,
  ];
  if (Number(learners) > 0) throw new Error('the database already has learners: seed an empty one');

  const buffers = new Map<SeedTable, unknown[][]>();
  const written: Record<string, number> = {};
  const pending = new Set<Promise<void>>();
  const flush = (table: SeedTable) => {
    const rows = buffers.get(table);
    if (!rows || rows.length === 0) return;
    buffers.set(table, []);
    written[table] = (written[table] ?? 0) + rows.length;
    const work = insert(db, table, rows).finally(() => pending.delete(work));
    pending.add(work);
  };
  const simulation = createSimulation({
    ...options,
    end: options.end ?? new Date(),
    challenges,
    sink: {
      add(table, row) {
        const rows = buffers.get(table) ?? [];
        rows.push(row);
        buffers.set(table, rows);
        if (rows.length >= BATCH) flush(table);
      },
    },
  });
  for (let i = 0; i < options.learners; i++) {
    simulation.learner(i);
    // Keep a few INSERTs in flight, no more: generating is faster than MariaDB can take rows.
    while (pending.size >= 4) await Promise.race(pending);
    if (i % 5000 === 4999) options.progress?.({ learners: i + 1, ...written });
  }
  for (const table of Object.keys(SEED_COLUMNS) as SeedTable[]) flush(table);
  await Promise.all(pending);
  return written;
}

async function insert(db: Knex, table: SeedTable, rows: unknown[][]): Promise<void> {
  const columns = SEED_COLUMNS[table];
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  await db.transaction(async (trx) => {
    await trx.raw('SET SESSION unique_checks = 0, SESSION foreign_key_checks = 0');
    await trx.raw(
      `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) VALUES ${rows.map(() => placeholders).join(', ')}`,
      [table, ...columns, ...rows.flat()] as Knex.RawBinding[],
    );
  });
}
