import type { Difficulty, Topic } from '../challenges/catalog.js';

/** What a learner's message asks for. `kind` is what the interaction log records as `command`. */
export type Command =
  | { kind: 'challenge'; topic: Topic; difficulty: Difficulty }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string };

export type CommandKind = Command['kind'];
