import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ChatEvent, Conversation } from './conversation.js';
import type { SimulatorEnv } from './env.js';
import { postInbound } from './webhook-client.js';

const sendSchema = z.object({
  number: z.string().regex(/^\+?[\d\s()-]{6,20}$/, 'a phone number such as +15550001111'),
  text: z.string().min(1).max(4096),
});

const PAGE = new URL('../public/index.html', import.meta.url);

/** The simulator's page and API: send as a learner, and a server-sent event stream of the chat. */
export async function buildSimulator(env: SimulatorEnv, conversation: Conversation): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: env.LOG_LEVEL } });
  const page = await readFile(PAGE, 'utf8');

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.post('/api/send', async (request, reply) => {
    const parsed = sendSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
    const number = `+${parsed.data.number.replace(/\D/g, '')}`;
    const event: ChatEvent = {
      id: randomUUID(),
      kind: 'learner',
      number,
      text: parsed.data.text,
      at: new Date().toISOString(),
      status: 'sending',
    };
    conversation.publish(event);
    const response = await postInbound(env, `whatsapp:${number}`, parsed.data.text).catch((error: Error) => error);
    const delivered = !(response instanceof Error) && response.ok;
    const detail =
      response instanceof Error ? `ingress unreachable: ${response.message}` : `ingress answered ${response.status}`;
    conversation.publish({ ...event, status: delivered ? 'queued' : 'refused', detail });
    return reply.code(delivered ? 202 : 502).send({ id: event.id, detail });
  });

  app.get('/api/events', async (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const write = (event: ChatEvent) => reply.raw.write(`data: ${JSON.stringify(event)}\n\n`);
    for (const event of conversation.history()) write(event);
    conversation.on('event', write);
    const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 15_000);
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      conversation.off('event', write);
    });
  });

  return app;
}
