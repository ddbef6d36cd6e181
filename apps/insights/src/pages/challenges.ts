import {
  FACILITY_TOO_HIGH,
  FACILITY_TOO_LOW,
  FLAG_AFTER_FIRST_ATTEMPTS,
  facility,
  share,
  UNREADABLE_TOO_MANY,
} from '@datadrill/core';
import { challengeFigures } from '@datadrill/figures';
import { bars } from '../charts.js';
import { fmt, html, percent } from '../html.js';
import { exportLink, type Page, type PageContext, section, table } from '../layout.js';

function source(context: PageContext, code: string) {
  const at = context.locations.get(code);
  return at ? html`<a href="/source/${at.file}#L${at.line}">${at.file}:${at.line}</a>` : '';
}

export const challengesPage: Page = {
  path: '/challenges',
  title: 'Challenges',
  async render(context) {
    const rows = await challengeFigures(context.db, context.filters);
    const flagged = rows.filter((r) => r.flags.length > 0);
    const tried = rows.filter((r) => r.firstAttempts >= FLAG_AFTER_FIRST_ATTEMPTS);
    const buckets = Array.from(
      { length: 10 },
      (_, i) => tried.filter((r) => Math.min(9, Math.floor((facility(r) ?? 0) * 10)) === i).length,
    );
    const line = (r: (typeof rows)[number]) => [
      html`<code>${r.code}</code>`,
      fmt(r.sent),
      fmt(r.attempted),
      percent(facility(r)),
      fmt(r.meanAttempts, 2),
      percent(share(r.hints, r.sent)),
      percent(share(r.revealedBeforeAnswering, r.sent)),
      fmt(r.unreadable),
      html`<span class="flag">${r.flags.join(', ')}</span>`,
      source(context, r.code),
    ];
    const head = [
      'challenge',
      'sent',
      'attempted',
      'facility',
      'mean attempts',
      'hint rate',
      'revealed first',
      'unreadable',
      'flags',
      'file',
    ];
    return html`${section(
      'flagged',
      `Flagged: ${flagged.length}`,
      `Challenges that look wrong for their level: after ${FLAG_AFTER_FIRST_ATTEMPTS} first attempts, facility under ${FACILITY_TOO_LOW} (too hard or broken) or over ${FACILITY_TOO_HIGH} (too easy); or, after ${FLAG_AFTER_FIRST_ATTEMPTS} answers, more than ${percent(UNREADABLE_TOO_MANY)} the checker could not read (the expected form is unclear). Each links to its file and line.`,
      table(head, flagged.map(line)),
    )}
${section(
  'facility',
  'Facility of the challenges tried enough',
  `How many challenges (with ${FLAG_AFTER_FIRST_ATTEMPTS}+ first attempts) have each facility: the share of first attempts that were right.`,
  bars(
    'Facility histogram',
    buckets.map((_, i) => `${i * 10}–${i * 10 + 10}%`),
    [{ name: 'challenges', data: buckets, labels: true }],
  ),
)}
${section(
  'all-challenges',
  'Every challenge sent in the period',
  'Sent: learners it was sent to. Attempted: who answered it. Facility: right first attempts ÷ first attempts. Mean attempts: per learner who answered. Hint rate: hints asked ÷ learners sent it. Revealed first: learners who asked for the solution before answering ÷ sent. Unreadable: answers the checker could not read.',
  table(head, rows.map(line)),
  exportLink(context, 'challenges'),
)}`;
  },
};
