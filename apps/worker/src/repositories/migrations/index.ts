import type { Knex } from 'knex';
import * as initial from './001_initial.js';
import * as mentorDesk from './002_mentor_desk.js';
import * as reliability from './003_reliability.js';
import * as answers from './004_answers.js';
import * as coach from './005_coach.js';
import * as review from './006_review.js';
import * as consent from './007_consent.js';
import * as roster from './008_roster.js';
import * as privacy from './009_privacy.js';
import * as daily from './010_daily.js';
import * as whatsapp from './011_whatsapp.js';
import * as ticketFiles from './012_ticket_files.js';
import * as insights from './013_insights.js';
import * as insightsLearners from './014_insights_learners.js';
import * as senders from './015_senders.js';

/** Migrations are listed here rather than found on disk, so they run the same under tsx, tests and bundles. */
const migrations: Record<string, Knex.Migration> = {
  '001_initial': initial,
  '002_mentor_desk': mentorDesk,
  '003_reliability': reliability,
  '004_answers': answers,
  '005_coach': coach,
  '006_review': review,
  '007_consent': consent,
  '008_roster': roster,
  '009_privacy': privacy,
  '010_daily': daily,
  '011_whatsapp': whatsapp,
  '012_ticket_files': ticketFiles,
  '013_insights': insights,
  '014_insights_learners': insightsLearners,
  '015_senders': senders,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};

export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
