export {
  type ActivityDay,
  activityByDay,
  messagesInByKind,
  messagesOutByDay,
  type OutboundDay,
  weeklyActive,
} from './activity.js';
export { type ChallengeRow, challengeFigures } from './challenges.js';
export { type CategoryRow, categories, type FailureRow, failures, refunds } from './delivery.js';
export { type DemandCell, demandCells } from './demand.js';
export { weeklyDigestFigures } from './digest.js';
export { EXPORT_NAMES, type ExportName, streamExport } from './exports.js';
export { cohorts, type StreakRow, type StuckLearner, stuckByMisses, stuckSilent, topStreaks } from './learners.js';
export { type Funnel, funnel, type RetentionWeek, retention, type SolveRate, solveRates } from './learning.js';
export { type DeskNow, type DeskWeek, deskByWeek, deskNow, medianWait, questionsPerChallenge } from './mentor-desk.js';
export { type Filters, localDate, select } from './scope.js';
