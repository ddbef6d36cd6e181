import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { stream } from './event-stream.js';
import { uploadedFile, withFileBodies } from './file-uploads.js';
import type { LocalMentorDesk } from './mentor-desk.js';

const threadTs = z.string().regex(/^\d+\.\d+$/, 'a Slack ts');
const replySchema = z.object({ threadTs, text: z.string().trim().min(1).max(4000) });
const closeSchema = z.object({ threadTs });
const shareSchema = z.object({
  threadTs,
  name: z.string().trim().min(1).max(200),
  text: z.string().max(4000).default(''),
});
/** Slack takes any file; the bot decides what WhatsApp can show. */
const ANY_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/** The mentors' column: its stream, a reply, a file shared in a thread, a close, and the files to show. */
export function registerDeskRoutes(app: FastifyInstance, desk: LocalMentorDesk): void {
  app.get('/api/desk/events', async (request, reply) => stream(request, reply, desk.posts));
  app.post('/api/desk/reply', async (request, reply) => {
    const parsed = replySchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
    return forwarded(reply, () => desk.reply(parsed.data.threadTs, parsed.data.text));
  });
  app.post('/api/desk/close', async (request, reply) => {
    const parsed = closeSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
    return forwarded(reply, () => desk.close(parsed.data.threadTs));
  });
  app.get<{ Params: { id: string } }>('/api/desk/files/:id', async (request, reply) => {
    const file = desk.file(request.params.id);
    if (!file) return reply.code(404).send({ error: 'no such file in the workspace' });
    return reply.type(file.mimetype).send(file.bytes);
  });
  withFileBodies(app, (scope) =>
    scope.post('/api/desk/share', async (request, reply) => {
      const parsed = shareSchema.safeParse(request.query);
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
      const upload = uploadedFile(request, ANY_TYPE);
      if (typeof upload === 'string') return reply.code(415).send({ error: upload });
      const { threadTs: ts, name, text } = parsed.data;
      return forwarded(reply, () => desk.share(ts, { name, mimetype: upload.type, bytes: upload.bytes }, text));
    }),
  );
}

/** Answers with what the ingress said to the event Slack would have sent. */
async function forwarded(reply: FastifyReply, send: () => Promise<Response>) {
  const response = await send().catch((error: Error) => error);
  if (response instanceof Error) return reply.code(502).send({ error: response.message });
  return reply.code(response.ok ? 202 : 502).send({ detail: `ingress answered ${response.status}` });
}
