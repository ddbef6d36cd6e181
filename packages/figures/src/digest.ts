import { hardest, type WeeklyDigest } from '@datadrill/core';
import type { Knex } from 'knex';
import { challengeFigures } from './challenges.js';
import { demandCells } from './demand.js';
import { stuckByMisses, stuckSilent } from './learners.js';
import { deskNow, medianWait } from './mentor-desk.js';
import type { Filters } from './scope.js';

const HARDEST = 5;
const TOP_REQUESTED = 5;

/** The weekly digest's figures for the week [from, to), over every learner: the same queries as the dashboard's. */
export async function weeklyDigestFigures(
  db: Knex,
  week: Omit<Filters, 'cohort'>,
): Promise<Omit<WeeklyDigest, 'dashboardUrl'>> {
  const filters: Filters = { ...week, cohort: null };
  const [misses, silent, challenges, demand, desk, wait] = await Promise.all([
    stuckByMisses(db, filters),
    stuckSilent(db, filters),
    challengeFigures(db, filters),
    demandCells(db, filters),
    deskNow(db, filters),
    medianWait(db, filters),
  ]);
  return {
    fromDay: week.fromDay,
    toDay: week.toDay,
    stuck: [...misses.learners, ...silent.learners],
    stuckTotal: misses.total + silent.total,
    hardest: hardest(challenges, HARDEST),
    flagged: challenges.filter((challenge) => challenge.flags.length > 0),
    topTopics: [...demand]
      .sort((a, b) => b.requests - a.requests)
      .slice(0, TOP_REQUESTED)
      .map((cell) => ({ topic: cell.topic, difficulty: cell.difficulty, requests: cell.requests })),
    openTickets: desk.open,
    medianWaitMs: wait.medianWaitMs,
    answeredTickets: wait.answered,
  };
}
