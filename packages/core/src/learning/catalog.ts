import type { ChallengeAnswer } from './answers/challenge-answer.js';

/** The school's topics and levels. Adding a topic here is all the parser needs. */
export const TOPICS = [
  'python',
  'sql',
  'statistics',
  'linear-algebra',
  'probability',
  'pandas',
  'machine-learning',
] as const;
export type Topic = (typeof TOPICS)[number];

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** `python-easy-007`: stable across reloads so learners and mentors can cite a challenge. */
export const CHALLENGE_CODE = /^([a-z]+(?:-[a-z]+)*)-(easy|medium|hard)-(\d{3})$/;

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

export function isDifficulty(value: string): value is Difficulty {
  return (DIFFICULTIES as readonly string[]).includes(value);
}

export interface Challenge {
  code: string;
  topic: Topic;
  difficulty: Difficulty;
  title: string;
  text: string;
  hint?: string | undefined;
  /** What the learner types; every challenge of the library has one (older rows may not). */
  answer?: ChallengeAnswer | undefined;
  solution?: string | undefined;
}

/** How many active challenges the library holds per topic and difficulty. */
export type CatalogCounts = ReadonlyMap<Topic, ReadonlyMap<Difficulty, number>>;
