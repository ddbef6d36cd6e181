import { DIFFICULTIES } from '@datadrill/core';
import { demandCells } from '@datadrill/figures';
import { heatmap } from '../charts.js';
import { fmt, html } from '../html.js';
import { type Page, section, table } from '../layout.js';

export const demandPage: Page = {
  path: '/demand',
  title: 'Demand',
  async render(context) {
    const cells = await demandCells(context.db, context.filters);
    const topics = [...new Set(cells.map((c) => c.topic))].sort();
    const difficulties: string[] = [...DIFFICULTIES];
    const grid = cells.map(
      (c) => [difficulties.indexOf(c.difficulty), topics.indexOf(c.topic), c.requests] as [number, number, number],
    );
    return html`${section(
      'demand-heatmap',
      'Requests per topic × difficulty',
      'Every request for a challenge in the period, by the topic and difficulty asked for (or the level the bot chose for a bare topic): those handed out, those refused by the daily limit, and those for a cell the learner had exhausted.',
      heatmap('Requests per topic and difficulty', difficulties, topics, grid),
    )}
${section(
  'demand-table',
  'By outcome',
  'Handed out: a challenge was sent. Refused: the learner had reached the daily limit. Exhausted: the learner had had every challenge of the cell.',
  table(
    ['topic', 'difficulty', 'requests', 'handed out', 'refused by the limit', 'exhausted'],
    cells.map((c) => [c.topic, c.difficulty, fmt(c.requests), fmt(c.handedOut), fmt(c.limited), fmt(c.exhausted)]),
  ),
)}`;
  },
};
