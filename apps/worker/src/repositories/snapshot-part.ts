import type { Difficulty, InteractionStatus, LearnerSnapshot, Outcome, Topic } from '@datadrill/core';
import type { Statement } from './sql-packet.js';

/** The message's interaction when an earlier run recorded it, with its reply's unsent messages. */
export interface EarlierRecord {
  status: InteractionStatus;
  outcome: Outcome;
  topic: Topic | null;
  difficulty: Difficulty | null;
  unsentIds: number[];
}

export interface Part {
  statement: Statement;
  read(rows: Record<string, unknown>[], snapshot: Loaded): void;
}

export type Loaded = { -readonly [K in keyof LearnerSnapshot]: LearnerSnapshot[K] } & { earlier?: EarlierRecord };
