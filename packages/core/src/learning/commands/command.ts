import type { Difficulty, Topic } from '../catalog.js';

/**
 * What a learner's message asks for. `kind` is what the interaction log records as `command`.
 * A challenge without a difficulty follows the learner's history in that topic; `random`
 * leaves the topic to the bot too. `ask` is a question for the mentors (`separate`: "ask new …"
 * opens a ticket of its own rather than following up an open one); `open` reads held answers.
 */
export type Command =
  | { kind: 'challenge'; topic: Topic; difficulty: Difficulty | null }
  | { kind: 'random' }
  | { kind: 'help' }
  | { kind: 'topics' }
  | { kind: 'hint'; code: string }
  | { kind: 'solution'; code: string }
  | { kind: 'suggest'; suggestion: string; text: string }
  | { kind: 'ask'; question: string; separate: boolean }
  | { kind: 'open' }
  | { kind: 'flooded' }
  | { kind: 'unknown'; text: string };

export type CommandKind = Command['kind'];
