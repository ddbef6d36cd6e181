import type { Difficulty, Topic } from '../challenges/catalog.js';

/** Words learners use for each topic, as normalised tokens (lower case, no punctuation). */
export const TOPIC_WORDS: Record<Topic, readonly string[]> = {
  python: ['python', 'py'],
  sql: ['sql', 'mysql', 'postgres'],
  statistics: ['statistics', 'stats', 'stat', 'statistic'],
  'linear-algebra': ['linear-algebra', 'linear algebra', 'linalg', 'linear'],
  probability: ['probability', 'prob', 'probabilities'],
  pandas: ['pandas', 'numpy', 'pd', 'np'],
  'machine-learning': ['machine-learning', 'machine learning', 'ml'],
};

export const DIFFICULTY_WORDS: Record<Difficulty, readonly string[]> = {
  easy: ['easy', 'e', 'beginner', 'basic', 'simple'],
  medium: ['medium', 'm', 'intermediate', 'mid', 'moderate'],
  hard: ['hard', 'h', 'advanced', 'difficult', 'expert'],
};

export const HELP_WORDS: readonly string[] = ['help', 'hi', 'hello', 'hey', 'menu', 'start', 'commands', '?'];
