import { maskName, maskPhone } from '@datadrill/core';
import type { Filters } from '@datadrill/figures';
import type { Knex } from 'knex';
import { type Html, html } from './html.js';

export interface PageContext {
  db: Knex;
  filters: Filters;
  showNumbers: boolean;
  /** The request's filters as a query string (`?from=…&to=…&cohort=…`), kept by every link. */
  query: string;
  /** Where each challenge is written: `challenges/python/easy.yaml` and its line. */
  locations: ReadonlyMap<string, { file: string; line: number }>;
}

export interface Page {
  path: string;
  title: string;
  render(context: PageContext): Promise<Html>;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:.6rem 1rem}header a{color:#cfe0ff;margin-right:.9rem;text-decoration:none;white-space:nowrap}
header a[aria-current]{color:#fff;font-weight:600;border-bottom:2px solid #fff}nav{overflow-x:auto;padding:.3rem 0}
main{max-width:980px;margin:0 auto;padding:1rem}form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
form.filters label{display:flex;flex-direction:column;font-size:.8rem}input,select,button{font:inherit;padding:.3rem .4rem}
section{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:.8rem 1rem;margin-bottom:1rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:.2rem 0 .3rem}.definition{color:#5a6272;font-size:.85rem;margin:.2rem 0 .6rem}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{padding:.25rem .45rem;border-bottom:1px solid #eceef2;text-align:right}
th:first-child,td:first-child{text-align:left}.callout{background:#fff4e5;border-left:4px solid #e0752d;padding:.4rem .7rem}
.flag{color:#c0392b;font-weight:600}.kpis{display:flex;flex-wrap:wrap;gap:1rem}.kpi{font-size:1.6rem;font-weight:600}.kpi small{display:block;font-size:.75rem;font-weight:400;color:#5a6272}
a.csv{font-size:.8rem}`;

export function layout(page: Page, pages: readonly Page[], context: PageContext, cohorts: string[], body: Html): Html {
  const { filters } = context;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${page.title} · DataDrill school dashboard</title><style>${STYLE}</style></head>
<body><header><strong>DataDrill · school dashboard</strong>
<nav>${pages.map((p) => html`<a href="${p.path}${context.query}"${p === page ? html` aria-current="page"` : ''}>${p.title}</a>`)}<a href="/logout">Log out</a></nav></header>
<main><h1>${page.title}</h1>
<form class="filters" method="get" action="${page.path}">
<label>From <input type="date" name="from" value="${filters.fromDay}"></label>
<label>To <input type="date" name="to" value="${filters.toDay}"></label>
<label>Cohort <select name="cohort"><option value="">All learners</option>${cohorts.map(
    (c) => html`<option${c === filters.cohort ? html` selected` : ''}>${c}</option>`,
  )}</select></label>
<button type="submit">Show</button></form>
${body}
<p class="definition">Days and weeks are the school's (UTC${offset(filters.offsetMinutes)}), both days included. Daily figures come from summaries the worker rolls up every 5 minutes.${context.showNumbers ? '' : ' Numbers and names are masked.'}</p>
</main></body></html>`;
}

const offset = (minutes: number) =>
  minutes === 0
    ? ''
    : `${minutes > 0 ? '+' : '−'}${Math.floor(Math.abs(minutes) / 60)}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;

/** One figure: its title, its definition in words, the plot or table, and its CSV when it has one. */
export function section(id: string, title: string, definition: string, body: Html, csv?: string): Html {
  return html`<section id="${id}"><h2>${title}</h2><p class="definition">${definition}</p>${body}${
    csv ? html`<p><a class="csv" href="${csv}">Download CSV</a></p>` : ''
  }</section>`;
}

export function table(head: string[], rows: unknown[][]): Html {
  return html`<div class="table"><table><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map(
    (row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

/** A learner as staff see them: masked unless INSIGHTS_SHOW_NUMBERS=true. */
export function learner(context: PageContext, phone: string, name: string | null): string {
  if (context.showNumbers) return `+${phone}${name ? ` ${name}` : ''}`;
  const masked = name ? maskName(name) : '';
  return `${maskPhone(phone)}${masked ? ` ${masked}` : ''}`;
}

export function exportLink(context: PageContext, table: string): string {
  return `/export/${table}.csv${context.query}`;
}
