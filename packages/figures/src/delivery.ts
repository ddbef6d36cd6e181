import type { Knex } from 'knex';
import { counts } from './activity.js';
import { type Filters, learnerDays, num, select } from './scope.js';

export interface FailureRow {
  /** Twilio's error code; null when the send failed without one. */
  code: number | null;
  /** Refused when sent (Twilio never accepted it), or undelivered (accepted, then reported failed). */
  kind: 'refused' | 'undelivered';
  messages: number;
}

/** Messages out in the period that never reached the learner, by Twilio error code. */
export async function failures(db: Knex, filters: Filters): Promise<FailureRow[]> {
  return (await counts(db, filters, 'failed')).map((row) => {
    const [code = '', kind] = row.item.split('|');
    return {
      code: code === '' ? null : Number(code),
      kind: kind === 'undelivered' ? 'undelivered' : 'refused',
      messages: row.n,
    };
  });
}

/** Challenges handed out and then not delivered: they stopped counting against the learner's daily limit. */
export async function refunds(db: Knex, filters: Filters): Promise<number> {
  const range = learnerDays(filters);
  const [row = {}] = await select<Record<string, unknown>>(
    db,
    `SELECT SUM(undelivered) AS refunds FROM insights_learner_days WHERE ${range.sql}`,
    range.bindings,
  );
  return num(row.refunds);
}

export interface CategoryRow {
  /** session: free-form within the 24-hour window (a reply, or one the bot started); template: an approved template. */
  category: string;
  messages: number;
  /** What Twilio charged, where it reported a price, per currency. */
  prices: Array<{ unit: string; total: number }>;
}

/** Messages out in the period by WhatsApp's category, with Twilio's price where Twilio reported one. */
export async function categories(db: Knex, filters: Filters): Promise<CategoryRow[]> {
  const byCategory = new Map<string, CategoryRow>();
  for (const row of await counts(db, filters, 'out')) {
    const [category = '', unit = ''] = row.item.split('|');
    const entry = byCategory.get(category) ?? { category, messages: 0, prices: [] };
    entry.messages += row.n;
    if (unit && row.amount !== null) entry.prices.push({ unit, total: row.amount });
    byCategory.set(category, entry);
  }
  return [...byCategory.values()].sort((a, b) => b.messages - a.messages);
}
