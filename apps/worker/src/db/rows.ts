import type {
  Challenge,
  CommandKind,
  Difficulty,
  Interaction,
  InteractionStatus,
  Outcome,
  Topic,
} from '@datadrill/core';
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

export interface InteractionRow {
  id: number | string;
  inbound_sid: string;
  phone: string;
  keywords: string;
  command: CommandKind;
  topic: Topic | null;
  difficulty: Difficulty | null;
  outcome: Outcome;
  counted: number | boolean;
  challenge_code: string | null;
  status: InteractionStatus;
  reply: string;
  error: string | null;
  created_at: Date;
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
    answer: row.answer ?? undefined,
    solution: row.solution ?? undefined,
  };
}

export function toInteraction(row: InteractionRow): Interaction {
  return {
    id: Number(row.id),
    inboundSid: row.inbound_sid,
    phone: row.phone,
    keywords: row.keywords,
    command: row.command,
    topic: row.topic,
    difficulty: row.difficulty,
    outcome: row.outcome,
    counted: Boolean(row.counted),
    challengeCode: row.challenge_code,
    status: row.status,
    reply: row.reply,
    error: row.error,
    createdAt: row.created_at,
  };
}
