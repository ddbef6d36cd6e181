import { activityByDay, messagesInByKind, messagesOutByDay, weeklyActive } from '@datadrill/figures';
import { bars, lines } from '../charts.js';
import { fmt, html } from '../html.js';
import { exportLink, type Page, section } from '../layout.js';

export const activityPage: Page = {
  path: '/activity',
  title: 'Activity',
  async render(context) {
    const { db, filters } = context;
    const [days, weeks, kinds, out] = await Promise.all([
      activityByDay(db, filters),
      weeklyActive(db, filters),
      messagesInByKind(db, filters),
      messagesOutByDay(db, filters),
    ]);
    const sum = (pick: (d: (typeof days)[number]) => number) => days.reduce((total, d) => total + pick(d), 0);
    const labels = days.map((d) => d.day.slice(5));
    return html`
<section><div class="kpis">
<div class="kpi">${fmt(sum((d) => d.messagesIn))}<small>messages in</small></div>
<div class="kpi">${fmt(sum((d) => d.challengesSent))}<small>challenges sent</small></div>
<div class="kpi">${fmt(sum((d) => d.limited))}<small>refused by the daily limit</small></div>
<div class="kpi">${fmt(sum((d) => d.undelivered))}<small>challenges undelivered</small></div></div></section>
${section(
  'daily-active',
  'Daily active learners',
  'Learners who sent the bot at least one message that day (a scheduled daily challenge or reminder alone does not count).',
  lines('Daily active learners', labels, [{ name: 'learners', data: days.map((d) => d.learners) }]),
  exportLink(context, 'interactions'),
)}
${section(
  'weekly-active',
  'Weekly active learners',
  'Learners who sent at least one message in the week (Monday to Sunday); a week cut by the period counts only its days in it.',
  bars(
    'Weekly active learners',
    weeks.map((w) => w.week),
    [{ name: 'learners', data: weeks.map((w) => w.learners), labels: true }],
  ),
)}
${section(
  'challenges',
  'Challenges sent, refused by the limit, undelivered',
  'Sent: challenges handed out (requested or daily) whose message Twilio accepted. Refused: requests answered with the daily limit. Undelivered: handed out but never delivered (refunded to the learner’s limit).',
  bars('Challenges per day', labels, [
    { name: 'sent', data: days.map((d) => d.challengesSent), stack: 'c' },
    { name: 'refused by the limit', data: days.map((d) => d.limited), stack: 'c' },
    { name: 'undelivered', data: days.map((d) => d.undelivered), stack: 'c' },
  ]),
)}
${section(
  'messages-in',
  'Messages in by kind',
  'Every message a learner sent in the period, by what the bot read it as (a command, an answer, a question for the mentors, …).',
  bars(
    'Messages in by kind',
    kinds.map((k) => k.kind),
    [{ name: 'messages', data: kinds.map((k) => k.messages), labels: true }],
    {
      horizontal: true,
      height: Math.max(200, 24 * kinds.length + 60),
    },
  ),
)}
${section(
  'messages-out',
  'Messages out by kind',
  'Every WhatsApp message the bot sent per day: replies to a learner’s message, messages the bot started within the 24-hour window (mentors’ answers, daily challenges, notices), and approved templates (outside it).',
  bars(
    'Messages out per day',
    out.map((d) => d.day.slice(5)),
    [
      { name: 'replies', data: out.map((d) => d.replies), stack: 'o' },
      { name: 'bot-started', data: out.map((d) => d.botStarted), stack: 'o' },
      { name: 'templates', data: out.map((d) => d.templates), stack: 'o' },
    ],
  ),
  exportLink(context, 'messages'),
)}`;
  },
};
