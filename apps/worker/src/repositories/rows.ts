import { answerFromStorage, type Challenge, type Difficulty, type Topic } from '@datadrill/core';
import type { Knex } from 'knex';

/** Column shapes as MySQL returns them; mapped to domain types at this border only. */
export interface ChallengeRow {
  code: string;
  topic: Topic;
  difficulty: Difficulty;
  title: string;
  text: string;
  hint: string | null;
  answer: string | null;
  solution: string | null;
  content_hash: string;
  retired_at: Date | null;
}

/** One challenge by code, retired or not (history keeps resolving), in a transaction or not. */
export async function readChallenge(db: Knex, code: string): Promise<Challenge | undefined> {
  const row = await db<ChallengeRow>('challenges').where({ code }).first();
  return row && toChallenge(row);
}

export function toChallenge(row: ChallengeRow): Challenge {
  return {
    code: row.code,
    topic: row.topic,
    difficulty: row.difficulty,
    title: row.title,
    text: row.text,
    hint: row.hint ?? undefined,
    answer: row.answer === null ? undefined : answerFromStorage(row.answer),
    solution: row.solution ?? undefined,
  };
}
