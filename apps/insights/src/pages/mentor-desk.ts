import { formatDuration } from '@datadrill/core';
import { deskByWeek, deskNow, questionsPerChallenge } from '@datadrill/figures';
import { bars } from '../charts.js';
import { fmt, html } from '../html.js';
import { exportLink, type Page, section, table } from '../layout.js';

const minutes = (ms: number | null) => (ms === null ? 0 : Math.round(ms / 6000) / 10);

export const mentorDeskPage: Page = {
  path: '/mentor-desk',
  title: 'Mentor desk',
  async render(context) {
    const { db, filters } = context;
    const [now, weeks, perChallenge] = await Promise.all([
      deskNow(db, filters),
      deskByWeek(db, filters),
      questionsPerChallenge(db, filters),
    ]);
    return html`<section><div class="kpis">
<div class="kpi">${fmt(now.open)}<small>open tickets now</small></div>
<div class="kpi">${fmt(now.unanswered)}<small>open and unanswered</small></div>
<div class="kpi">${fmt(now.held)}<small>answers held by the 24-hour window</small></div></div>
<p class="definition">Now, whatever the period. Held: a mentor's answer WhatsApp refused because the learner's last message was over 24 hours ago; it goes out with the reply to their next message.</p></section>
${section(
  'wait',
  'Median time to a first answer, by week',
  'Of the tickets opened in each week and answered since: the median time from the question to the first mentor reply in its thread.',
  html`${bars(
    'Median wait (minutes)',
    weeks.map((w) => w.week),
    [{ name: 'minutes', data: weeks.map((w) => minutes(w.medianWaitMs)), labels: true }],
  )}${table(
    ['week', 'opened', 'answered', 'median wait', 'answers held by the window'],
    weeks.map((w) => [
      w.week,
      fmt(w.opened),
      fmt(w.answered),
      w.medianWaitMs === null ? '–' : formatDuration(w.medianWaitMs),
      fmt(w.held),
    ]),
  )}`,
  exportLink(context, 'tickets'),
)}
${section(
  'per-challenge',
  'Questions per challenge',
  'Tickets opened in the period, by the challenge the learner had last received when they asked (the 15 most asked about).',
  table(
    ['challenge', 'tickets'],
    perChallenge.map((c) => [html`<code>${c.code}</code>`, fmt(c.tickets)]),
  ),
)}`;
  },
};
