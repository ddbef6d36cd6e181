import { funnel, retention, solveRates } from '@datadrill/figures';
import { bars } from '../charts.js';
import { fmt, html, percent } from '../html.js';
import { type Page, section, table } from '../layout.js';

export const learningPage: Page = {
  path: '/learning',
  title: 'Learning',
  async render(context) {
    const { db, filters } = context;
    const [rates, steps, weeks] = await Promise.all([
      solveRates(db, filters),
      funnel(db, filters),
      retention(db, filters),
    ]);
    const drop = steps.drop;
    return html`${section(
      'solve-rate',
      'Solve rate and attempts per topic and level',
      'Of the challenges sent in the period: the share solved (right within 3 attempts, before any solution was revealed), and the mean attempts per challenge answered at least once.',
      html`${bars(
        'Solve rate per topic and level',
        rates.map((r) => `${r.topic} ${r.difficulty}`),
        [
          {
            name: 'solved %',
            data: rates.map((r) => (r.sent ? Math.round((1000 * r.solved) / r.sent) / 10 : 0)),
            labels: true,
          },
        ],
        { horizontal: true, height: Math.max(220, 22 * rates.length + 60) },
      )}${table(
        ['topic · level', 'sent', 'attempted', 'solved', 'solve rate', 'mean attempts'],
        rates.map((r) => [
          `${r.topic} ${r.difficulty}`,
          fmt(r.sent),
          fmt(r.attempted),
          fmt(r.solved),
          percent(r.sent ? r.solved / r.sent : null),
          fmt(r.meanAttempts, 2),
        ]),
      )}`,
    )}
${section(
  'funnel',
  'From first message to day 7',
  `Learners whose first message falls in the period and at least 8 days ago (up to ${steps.until.toISOString().slice(0, 10)}): how many were then sent a challenge, solved one, and wrote again on day 7 (the school’s 7th day after the day of their first message).`,
  html`${drop ? html`<p class="callout">Biggest drop: <strong>${drop.from} → ${drop.to}</strong>, ${fmt(drop.lost)} learners (${percent(drop.share)}) lost.</p>` : ''}${bars(
    'Funnel',
    steps.steps.map((s) => s.label),
    [{ name: 'learners', data: steps.steps.map((s) => s.learners), labels: true }],
    { horizontal: true, height: 220 },
  )}`,
)}
${section(
  'retention',
  'Retention by week of first contact',
  'Of the learners whose first message was in that week: the share who wrote again on day 1, day 7 and day 30 after the day of their first message; – while that day has not ended for any of them.',
  table(
    ['week of first contact', 'learners', 'day 1', 'day 7', 'day 30'],
    weeks.map((w) => [w.week, fmt(w.learners), percent(w.day1), percent(w.day7), percent(w.day30)]),
  ),
)}`;
  },
};
