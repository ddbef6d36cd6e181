import { createHash } from 'node:crypto';
import type { Challenge } from '@datadrill/core';
import type { Knex } from 'knex';

export interface SyncReport {
  added: string[];
  changed: string[];
  retired: string[];
  unchanged: number;
}

/**
 * Makes the `challenges` table match the library: upsert by code, and retire (never
 * delete) what left the folder, so past interactions keep pointing at real rows.
 */
export async function syncChallenges(db: Knex, library: readonly Challenge[], now = new Date()): Promise<SyncReport> {
  return db.transaction(async (trx) => {
    const existing = new Map(
      (
        await trx('challenges').select<{ code: string; content_hash: string; retired_at: Date | null }[]>(
          'code',
          'content_hash',
          'retired_at',
        )
      ).map((row) => [row.code, row]),
    );
    const report: SyncReport = { added: [], changed: [], retired: [], unchanged: 0 };
    for (const challenge of library) {
      const hash = contentHash(challenge);
      const row = existing.get(challenge.code);
      if (row && row.content_hash === hash && row.retired_at === null) {
        report.unchanged++;
        continue;
      }
      (row ? report.changed : report.added).push(challenge.code);
      await trx('challenges')
        .insert({ ...columns(challenge), content_hash: hash, created_at: now, updated_at: now, retired_at: null })
        .onConflict('code')
        .merge([
          'topic',
          'difficulty',
          'title',
          'text',
          'hint',
          'answer',
          'solution',
          'content_hash',
          'updated_at',
          'retired_at',
        ]);
    }
    const inLibrary = new Set(library.map((challenge) => challenge.code));
    report.retired = [...existing.values()]
      .filter((row) => row.retired_at === null && !inLibrary.has(row.code))
      .map((row) => row.code);
    if (report.retired.length > 0) {
      await trx('challenges').whereIn('code', report.retired).update({ retired_at: now, updated_at: now });
    }
    return report;
  });
}

function columns(challenge: Challenge) {
  return {
    code: challenge.code,
    topic: challenge.topic,
    difficulty: challenge.difficulty,
    title: challenge.title,
    text: challenge.text,
    hint: challenge.hint ?? null,
    answer: challenge.answer ? JSON.stringify(challenge.answer) : null,
    solution: challenge.solution ?? null,
  };
}

function contentHash(challenge: Challenge): string {
  return createHash('sha256')
    .update(JSON.stringify(columns(challenge)))
    .digest('hex');
}
