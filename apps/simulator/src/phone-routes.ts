import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { uploadedFile, withFileBodies } from './file-uploads.js';
import type { Phones } from './phone.js';
import { ATTACHABLE, type PhoneFiles } from './phone-files.js';

const number = z
  .string()
  .regex(/^\+?[\d\s()-]{6,20}$/, 'a phone number such as +15550001111')
  .transform((raw) => `+${raw.replace(/\D/g, '')}`);
const sendSchema = z.object({ number, text: z.string().min(1).max(4096) });
const tapSchema = z.object({ number, messageSid: z.string().min(1).max(64), id: z.string().min(1).max(256) });
const attachSchema = z.object({
  number,
  caption: z.string().max(1024).default(''),
  name: z.string().max(200).default('file'),
});
const readSchema = z.object({ ids: z.array(z.string().min(1).max(64)).max(500) });

/** The learners' side of the page: type, tap, attach (the file as the request body), and read receipts. */
export function registerPhoneRoutes(app: FastifyInstance, phones: Phones, files: PhoneFiles): void {
  app.post('/api/send', async (request, reply) => {
    const parsed = sendSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
    const sent = await phones.send(parsed.data.number, parsed.data.text);
    return reply.code(sent.status).send(sent);
  });

  app.post('/api/tap', async (request, reply) => {
    const parsed = tapSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
    const sent = await phones.tap(parsed.data.number, parsed.data.messageSid, parsed.data.id);
    return reply.code(sent.status).send(sent);
  });

  app.post('/api/read', async (request, reply) => {
    const parsed = readSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
    await phones.read(parsed.data.ids);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/api/files/:id', async (request, reply) => {
    const file = files.get(request.params.id);
    if (!file) return reply.code(404).send({ error: 'no such file' });
    return reply.type(file.contentType).header('cache-control', 'private, max-age=3600').send(file.bytes);
  });

  app.get<{ Params: { sid: string } }>('/api/bot-media/:sid', async (request, reply) => {
    const file = phones.botFile(request.params.sid);
    if (!file) return reply.code(404).send({ error: 'the fake Twilio has no file fetched for that message' });
    return reply.type(file.contentType || 'application/octet-stream').send(file.bytes);
  });

  withFileBodies(app, (scope) =>
    scope.post('/api/attach', async (request, reply) => {
      const parsed = attachSchema.safeParse(request.query);
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message });
      const upload = uploadedFile(request, ATTACHABLE);
      if (typeof upload === 'string') return reply.code(415).send({ error: upload });
      const file = files.keep(upload.bytes, upload.type, parsed.data.name);
      const sent = await phones.attach(parsed.data.number, parsed.data.caption, file);
      return reply.code(sent.status).send(sent);
    }),
  );
}
