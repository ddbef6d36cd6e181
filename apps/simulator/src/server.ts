import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ChatEvent, Conversation } from './conversation.js';
import type { SimulatorEnv } from './env.js';
import type { LocalMentorDesk } from './mentor-desk.js';
import { postInbound } from './webhook-client.js';

const sendSchema = z.object({
  number: z.string().regex(/^\+?[\d\s()-]{6,20}$/, 'a phone number such as +15550001111'),
  text: z.string().min(1).max(4096),
});

const mentorReplySchema = z.object({ threadTs: z.string().min(1), text: z.string().trim().min(1).max(4000) });
const mentorCloseSchema = z.object({ threadTs: z.string().min(1) });

const PAGE = new URL('../public/index.html', import.meta.url);

/**
 * The simulator's page and API: send as a learner, a server-sent event stream of the chat and,
 * with the mentor desk, of the mentors' channel, where the page answers and closes tickets.
 */
export async function buildSimulator(
  env: SimulatorEnv,
  conversation: Conversation,
  mentorDesk?: LocalMentorDesk,
): Promise<FastifyInstance> {
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

  app.get('/api/events', async (request, reply) => stream(request, reply, conversation));

  app.get('/api/desk', async () => ({ enabled: mentorDesk !== undefined }));
  if (mentorDesk) registerMentorDesk(app, mentorDesk);

  return app;
}

function registerMentorDesk(app: FastifyInstance, mentorDesk: LocalMentorDesk): void {
  app.get('/api/desk/events', async (request, reply) => stream(request, reply, mentorDesk.posts));
  app.post('/api/desk/reply', async (request, reply) => {
    const parsed = mentorReplySchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
    return forwarded(reply, () => mentorDesk.reply(parsed.data.threadTs, parsed.data.text));
  });
  app.post('/api/desk/close', async (request, reply) => {
    const parsed = mentorCloseSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
    return forwarded(reply, () => mentorDesk.close(parsed.data.threadTs));
  });
}

/** Answers with what the ingress said to the event Slack would have sent. */
async function forwarded(reply: FastifyReply, send: () => Promise<Response>) {
  const response = await send().catch((error: Error) => error);
  if (response instanceof Error) return reply.code(502).send({ error: response.message });
  return reply.code(response.ok ? 202 : 502).send({ detail: `ingress answered ${response.status}` });
}

/** A server-sent event stream of a feed: its history first, then each event as it happens. */
function stream<E extends { id: string }>(request: FastifyRequest, reply: FastifyReply, feed: Conversation<E>): void {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const write = (event: E) => reply.raw.write(`data: ${JSON.stringify(event)}\n\n`);
  for (const event of feed.history()) write(event);
  feed.on('event', write);
  const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 15_000);
  request.raw.on('close', () => {
    clearInterval(keepAlive);
    feed.off('event', write);
  });
}
