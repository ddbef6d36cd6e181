import { categories, failures, refunds } from '@datadrill/figures';
import { bars } from '../charts.js';
import { fmt, html } from '../html.js';
import { exportLink, type Page, section, table } from '../layout.js';

export const deliveryPage: Page = {
  path: '/delivery',
  title: 'Delivery and cost',
  async render(context) {
    const { db, filters } = context;
    const [failed, refunded, byCategory] = await Promise.all([
      failures(db, filters),
      refunds(db, filters),
      categories(db, filters),
    ]);
    const code = (c: number | null) => (c === null ? 'no code' : String(c));
    return html`${section(
      'failures',
      'Failed and undelivered, by Twilio error code',
      'Messages out in the period that never reached the learner: refused when sent (Twilio did not accept them) or undelivered (accepted, then reported failed through the status callback), by Twilio’s error code (63016: outside the 24-hour window; 63003: not on WhatsApp; 21610: unsubscribed).',
      html`${bars(
        'Failures by error code',
        failed.map((f) => `${code(f.code)} ${f.kind}`),
        [{ name: 'messages', data: failed.map((f) => f.messages), labels: true }],
        {
          horizontal: true,
          height: Math.max(180, 24 * failed.length + 60),
        },
      )}${table(
        ['error code', 'kind', 'messages'],
        failed.map((f) => [code(f.code), f.kind, fmt(f.messages)]),
      )}`,
      exportLink(context, 'messages'),
    )}
${section(
  'refunds',
  `Refunds: ${fmt(refunded)}`,
  'Challenges handed out whose message was never delivered: they stopped counting against the learner’s daily limit.',
  html``,
)}
${section(
  'categories',
  'Messages per category, and Twilio’s price',
  'Session reply: free-form, answering the learner’s message. Session, bot-started: free-form within the 24-hour window (a mentor’s answer, a daily challenge). Template: an approved template, outside the window. Price: the total Twilio reported for the messages it priced, per currency.',
  html`${bars(
    'Messages per category',
    byCategory.map((c) => c.category),
    [{ name: 'messages', data: byCategory.map((c) => c.messages), labels: true }],
    {
      horizontal: true,
      height: 180,
    },
  )}${table(
    ['category', 'messages', 'price reported by Twilio'],
    byCategory.map((c) => [
      c.category,
      fmt(c.messages),
      c.prices.length === 0 ? 'none reported' : c.prices.map((p) => `${fmt(p.total, 4)} ${p.unit}`).join(', '),
    ]),
  )}`,
)}`;
  },
};
