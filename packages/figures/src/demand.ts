import type { Knex } from 'knex';
import { counts } from './activity.js';
import type { Filters } from './scope.js';

export interface DemandCell {
  topic: string;
  difficulty: string;
  /** Every request for the cell: handed out, refused by the daily limit, or the cell had nothing left. */
  requests: number;
  handedOut: number;
  limited: number;
  exhausted: number;
}

/** Challenge requests per topic × difficulty (what the learner asked for, or the level the bot chose). */
export async function demandCells(db: Knex, filters: Filters): Promise<DemandCell[]> {
  const cells = new Map<string, DemandCell>();
  for (const row of await counts(db, filters, 'demand')) {
    const [topic = '', difficulty = '', outcome] = row.item.split('|');
    const key = `${topic}|${difficulty}`;
    const cell = cells.get(key) ?? { topic, difficulty, requests: 0, handedOut: 0, limited: 0, exhausted: 0 };
    cell.requests += row.n;
    if (outcome === 'limited') cell.limited += row.n;
    else if (outcome === 'empty_cell') cell.exhausted += row.n;
    else cell.handedOut += row.n;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.difficulty.localeCompare(b.difficulty));
}
