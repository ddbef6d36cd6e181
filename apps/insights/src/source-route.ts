import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { html } from './html.js';
import type { Locations } from './library.js';

/** A library file with numbered lines (#L12 scrolls to line 12): where a flagged challenge is fixed. */
export function registerSourceRoute(app: FastifyInstance, locations: Locations): void {
  app.get('/source/*', async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (!locations.files.has(file)) return reply.code(404).send('Not a file of the library');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${file}</title><style>body{margin:0;font:13px ui-monospace,monospace}pre{margin:0;padding:1rem}span{display:block;white-space:pre-wrap}span:target{background:#fff4c2}span::before{content:attr(data-n);display:inline-block;width:3.5em;color:#8a93a3}</style></head>
<body><pre>${lines.map((line, i) => html`<span id="L${i + 1}" data-n="${i + 1}">${line}</span>`)}</pre></body></html>`;
    return reply.type('text/html').send(page.text);
  });
}
