import type { RosterEntry } from '@datadrill/core';
import type { Knex } from 'knex';

/** The school's roster and cohorts, written by the school's commands (never by a learner's turn). */
export function createRosterRepository(db: Knex) {
  return {
    /** Adds or updates each entry by number; how many were added and updated. */
    async upsert(entries: readonly RosterEntry[], at: Date): Promise<{ added: number; updated: number }> {
      if (entries.length === 0) return { added: 0, updated: 0 };
      return db.transaction(async (trx) => {
        const existing = new Set(
          (
            await trx('roster')
              .whereIn(
                'phone',
                entries.map((e) => e.phone),
              )
              .select<{ phone: string }[]>('phone')
          ).map((row) => row.phone),
        );
        await trx('roster')
          .insert(entries.map((e) => ({ ...e, source: 'import', added_at: at, updated_at: at })))
          .onConflict('phone')
          .merge(['name', 'cohort', 'email', 'updated_at']);
        const added = entries.filter((e) => !existing.has(e.phone)).length;
        return { added, updated: entries.length - added };
      });
    },

    async remove(phone: string): Promise<boolean> {
      return (await db('roster').where({ phone }).delete()) > 0;
    },

    async createCohort(name: string, code: string, expiresAt: Date | null, at: Date): Promise<void> {
      await db('cohorts').insert({ name, code, expires_at: expiresAt, created_at: at });
    },
  };
}
