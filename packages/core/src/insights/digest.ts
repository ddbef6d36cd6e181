import { formatDuration } from '../learning/quota.js';
import { escapeForSlack } from '../mentor-desk/slack-markup.js';
import { maskPhone } from '../shared/phone.js';
import { type ChallengeFigures, type ChallengeFlag, facility } from './rules.js';

/** What the weekly digest tells the mentors, as the figures' queries return it. */
export interface WeeklyDigest {
  /** The week's first and last days, in the school's zone. */
  fromDay: string;
  toDay: string;
  stuck: Array<{ phone: string; reason: string }>;
  stuckTotal: number;
  hardest: ChallengeFigures[];
  flagged: Array<ChallengeFigures & { flags: ChallengeFlag[] }>;
  topTopics: Array<{ topic: string; difficulty: string | null; requests: number }>;
  openTickets: number;
  /** Median time from a ticket to its first answer, over the week's answered tickets. */
  medianWaitMs: number | null;
  answeredTickets: number;
  /** Where the dashboard is, linked at the end when known. */
  dashboardUrl?: string | undefined;
}

/** Numbers masked always: the channel is wider than the school's staff. */
const STUCK_SHOWN = 10;

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

function challengeLine(challenge: ChallengeFigures, extra = ''): string {
  return `• \`${challenge.code}\` facility ${percent(facility(challenge))} (${challenge.firstAttempts} first attempts)${extra}`;
}

/** The digest as one Slack message (mrkdwn). */
export function weeklyDigestText(digest: WeeklyDigest): string {
  const lines = [`:bar_chart: *Weekly digest* ${digest.fromDay} – ${digest.toDay}`, ''];
  lines.push(`*Stuck learners:* ${digest.stuckTotal}`);
  for (const learner of digest.stuck.slice(0, STUCK_SHOWN)) {
    lines.push(`• ${maskPhone(learner.phone)}: ${escapeForSlack(learner.reason)}`);
  }
  if (digest.stuckTotal > STUCK_SHOWN) lines.push(`• … and ${digest.stuckTotal - STUCK_SHOWN} more on the dashboard`);
  lines.push('', '*The 5 hardest challenges:*');
  if (digest.hardest.length === 0) lines.push('• none tried often enough to tell yet');
  for (const challenge of digest.hardest) lines.push(challengeLine(challenge));
  lines.push('', `*Flagged challenges:* ${digest.flagged.length}`);
  for (const challenge of digest.flagged) lines.push(challengeLine(challenge, `: ${challenge.flags.join(', ')}`));
  lines.push('', '*Most requested:*');
  if (digest.topTopics.length === 0) lines.push('• no requests this week');
  for (const cell of digest.topTopics) {
    lines.push(`• ${escapeForSlack(cell.topic)}${cell.difficulty ? ` ${cell.difficulty}` : ''}: ${cell.requests}`);
  }
  const wait = digest.medianWaitMs === null ? 'no answers this week' : formatDuration(digest.medianWaitMs);
  lines.push(
    '',
    `*Mentor desk:* ${digest.openTickets} open ticket${digest.openTickets === 1 ? '' : 's'}; median wait for a first answer ${wait} (${digest.answeredTickets} answered this week)`,
  );
  if (digest.dashboardUrl) lines.push('', `<${digest.dashboardUrl}|Open the dashboard>`);
  return lines.join('\n');
}
