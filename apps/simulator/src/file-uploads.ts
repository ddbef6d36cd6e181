import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Twilio's limit for WhatsApp media, and so for what the page uploads. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Routes whose request body is a file itself (the page posts it as is, with its type), in their
 * own scope so every other route keeps parsing JSON.
 */
export function withFileBodies(app: FastifyInstance, routes: (scope: FastifyInstance) => void): void {
  app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    routes(scope);
  });
}

/** The uploaded file's bytes and its type (without parameters such as `;codecs=opus`), or why not. */
export function uploadedFile(request: FastifyRequest, allowed: RegExp): { bytes: Buffer; type: string } | string {
  const type = (String(request.headers['content-type'] ?? '').split(';')[0] ?? '').trim().toLowerCase();
  if (!allowed.test(type)) return `WhatsApp sends photos, PDFs and voice notes, not ${type || 'that'}`;
  const bytes = request.body;
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) return 'an empty file';
  return { bytes, type };
}
