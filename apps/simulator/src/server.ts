import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Conversation } from './conversation.js';
import { registerDeskRoutes } from './desk-routes.js';
import type { SimulatorEnv } from './env.js';
import { stream } from './event-stream.js';
import type { LocalMentorDesk } from './mentor-desk.js';
import type { Phones } from './phone.js';
import type { PhoneFiles } from './phone-files.js';
import { registerPhoneRoutes } from './phone-routes.js';

/** The page and its scripts, read once at start-up. */
const ASSETS = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
  '/format.js': ['format.js', 'text/javascript; charset=utf-8'],
  '/chat.js': ['chat.js', 'text/javascript; charset=utf-8'],
  '/list-sheet.js': ['list-sheet.js', 'text/javascript; charset=utf-8'],
  '/recorder.js': ['recorder.js', 'text/javascript; charset=utf-8'],
  '/desk.js': ['desk.js', 'text/javascript; charset=utf-8'],
} as const;
const PUBLIC = new URL('../public/', import.meta.url);

export interface SimulatorParts {
  conversation: Conversation;
  phones: Phones;
  files: PhoneFiles;
  mentorDesk?: LocalMentorDesk | undefined;
}

/**
 * The simulator's page and API: type, tap and attach as a learner, a server-sent event stream of
 * the chat and, with the mentor desk, of the mentors' channel, where the page answers and closes tickets.
 */
export async function buildSimulator(
  env: SimulatorEnv,
  { conversation, phones, files, mentorDesk }: SimulatorParts,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: env.LOG_LEVEL } });
  for (const [path, [file, type]] of Object.entries(ASSETS)) {
    const body = await readFile(new URL(file, PUBLIC), 'utf8');
    app.get(path, async (_request, reply) => reply.type(type).header('cache-control', 'no-cache').send(body));
  }
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
  app.get('/healthz', async () => ({ status: 'ok' }));

  registerPhoneRoutes(app, phones, files);
  app.get('/api/events', async (request, reply) => stream(request, reply, conversation));

  app.get('/api/desk', async () => ({ enabled: mentorDesk !== undefined }));
  if (mentorDesk) registerDeskRoutes(app, mentorDesk);

  return app;
}
