import { STUCK_AFTER_STREAK, STUCK_MISSES_IN_A_ROW, STUCK_SILENT_DAYS } from '@datadrill/core';
import { stuckByMisses, stuckSilent, topStreaks } from '@datadrill/figures';
import { bars } from '../charts.js';
import { fmt, html } from '../html.js';
import { exportLink, learner, type Page, section, table } from '../layout.js';

export const learnersPage: Page = {
  path: '/learners',
  title: 'Learners',
  async render(context) {
    const { db, filters } = context;
    const [misses, silent, streaks] = await Promise.all([
      stuckByMisses(db, filters),
      stuckSilent(db, filters),
      topStreaks(db, filters),
    ]);
    const stuck = [...misses.learners, ...silent.learners];
    return html`${section(
      'stuck',
      `Stuck: ${fmt(misses.total + silent.total)}`,
      `Learners whose last ${STUCK_MISSES_IN_A_ROW} or more finished challenges in one topic are all misses, as things stand now (the last of them in the period), or who went silent for ${STUCK_SILENT_DAYS} days or more after a streak of ${STUCK_AFTER_STREAK}+ days (last message in the period). ${misses.total} and ${silent.total}; the latest 200 of each below.`,
      table(
        ['learner', 'why', 'when'],
        stuck.map((s) => [learner(context, s.phone, s.name), s.reason, s.at.toISOString().slice(0, 10)]),
      ),
      exportLink(context, 'learners'),
    )}
${section(
  'streaks',
  'Top streaks',
  'The best streaks (consecutive days with a challenge solved) of learners who wrote in the period; current is the streak at their last solve.',
  html`${bars(
    'Top streaks',
    streaks.map((s) => learner(context, s.phone, s.name)),
    [{ name: 'best streak (days)', data: streaks.map((s) => s.best), labels: true }],
    { horizontal: true, height: Math.max(200, 22 * streaks.length + 60) },
  )}${table(
    ['learner', 'best', 'current', 'last solved'],
    streaks.map((s) => [learner(context, s.phone, s.name), fmt(s.best), fmt(s.current), s.lastDay ?? '–']),
  )}`,
)}`;
  },
};
