import type { AccessMode } from '../access/roster.js';
import type { QuietHours } from '../daily/daily.js';
import type { CatalogCounts } from './catalog.js';
import type { Command, CommandKind } from './commands/command.js';
import type { Plan } from './plan.js';
import type { LearnerSnapshot, SnapshotRequest } from './snapshot.js';

/** What `decide` is given besides the snapshot. */
export interface DecideContext {
  snapshot: LearnerSnapshot;
  now: Date;
  rules: DecideRules;
}

type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;
export type Planner<K extends CommandKind> = (command: CommandOf<K>, context: DecideContext) => Plan;

/**
 * A part of the bot that plans some commands itself (the mentor desk plans `ask` and text that is
 * no command) and says which parts of the snapshot it needs for them. Registered, not imported,
 * so learning knows nothing of the desk.
 */
export interface PlannerExtension {
  planners: { [K in CommandKind]?: Planner<K> };
  needs(command: Command): Partial<Pick<SnapshotRequest, 'history' | 'heldAnswers' | 'tickets'>>;
}

export interface DecideRules {
  dailyLimit: number;
  /** Where a learner's days are counted when their number does not say (one zone per country). */
  schoolTimeZone: string;
  /** The school's privacy notice, linked from the welcome. */
  privacyUrl?: string | undefined;
  /** `enrolled`: only numbers on the roster get content; anyone else, one reply a day with the form. */
  accessMode?: AccessMode | undefined;
  accessFormUrl?: string | undefined;
  /** The daily challenge: the template sent outside the window, and the quiet hours. */
  daily?: { templateSid?: string | undefined; quiet?: QuietHours | undefined } | undefined;
  /** Active challenges per cell, for the menu and for a random topic. */
  catalog: CatalogCounts;
  extension?: PlannerExtension | undefined;
}
