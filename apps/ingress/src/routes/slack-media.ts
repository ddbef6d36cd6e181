import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { verifyMediaLink, whatsappShows } from '@datadrill/core';
import type { FastifyPluginAsync } from 'fastify';

export interface SlackMediaRouteOptions {
  /** The bot token (files:read); unset, the mentor desk sends no files and the route answers 404. */
  botToken: string | undefined;
  /** Slack's Web API base, e.g. https://slack.com/api/ (a fake Slack in tests). */
  apiUrl: string | undefined;
  /** The key the worker signs links with. */
  key: string;
  now?: () => Date;
}

interface SlackFileInfo {
  ok?: boolean;
  error?: string;
  file?: { id?: string; name?: string; mimetype?: string; size?: number; url_private_download?: string };
}

const SLACK_API = 'https://slack.com/api/';

/**
 * A mentor's image or PDF for Twilio to fetch and send on WhatsApp: Slack's own URLs need the bot
 * token, so the worker signs a link to this route (file id and expiry, HMAC) and the file is
 * streamed from Slack here. Anything unsigned, tampered with or expired is refused with 403.
 */
export const slackMediaRoute: FastifyPluginAsync<SlackMediaRouteOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  app.get<{ Params: { fileId: string }; Querystring: Record<string, string | undefined> }>(
    '/media/slack/:fileId',
    async (request, reply) => {
      const { botToken } = options;
      if (!botToken) return reply.code(404).type('text/plain').send('Mentor files are not configured');
      const { fileId } = request.params;
      const verdict = verifyMediaLink(fileId, request.query, options.key, now());
      if (verdict !== 'valid') {
        request.log.warn({ fileId: fileId.slice(0, 24), verdict }, 'mentor file refused: bad or expired signature');
        return reply.code(403).type('text/plain').send('Invalid or expired link');
      }
      const info = await filesInfo(options.apiUrl ?? SLACK_API, botToken, fileId).catch((error: Error) => error);
      if (info instanceof Error || !info.ok || !info.file?.url_private_download) {
        const reason = info instanceof Error ? info.message : (info.error ?? 'no download URL');
        request.log.warn({ fileId, reason }, 'mentor file not served: Slack files.info failed');
        return reply.code(info instanceof Error || reason !== 'file_not_found' ? 502 : 404).send();
      }
      const { mimetype = '', size, url_private_download: url } = info.file;
      // The bot token goes to Slack's own file host only (an external file may point anywhere).
      if (!isSlackFileHost(url, options.apiUrl)) {
        request.log.warn({ fileId }, 'mentor file not served: its download URL is not on Slack');
        return reply.code(404).send();
      }
      // Only what WhatsApp shows: a signature never makes this a way to any other file.
      if (!whatsappShows({ id: fileId, name: '', mimetype, size })) return reply.code(404).send();
      const download = await fetch(url, {
        headers: { authorization: `Bearer ${botToken}` },
        redirect: 'manual',
        signal: AbortSignal.timeout(60_000),
      }).catch((error: Error) => error);
      if (download instanceof Error || download.status !== 200 || !download.body) {
        const reason = download instanceof Error ? download.message : `HTTP ${download.status}`;
        request.log.warn({ fileId, reason }, 'mentor file not served: Slack download failed');
        if (!(download instanceof Error)) await download.body?.cancel();
        return reply.code(502).send();
      }
      request.log.info({ fileId, bytes: size }, 'mentor file served');
      const length = download.headers.get('content-length');
      // Twilio checks that the Content-Type matches the file.
      reply.code(200).type(mimetype).header('cache-control', 'private, no-store');
      if (length) reply.header('content-length', length);
      return reply.send(Readable.fromWeb(download.body as ReadableStream<Uint8Array>));
    },
  );
};

async function filesInfo(apiUrl: string, token: string, fileId: string): Promise<SlackFileInfo> {
  const response = await fetch(`${apiUrl.replace(/\/?$/, '/')}files.info`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ file: fileId }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Slack HTTP ${response.status}`);
  return (await response.json()) as SlackFileInfo;
}

/** files.slack.com (or any *.slack.com), or the configured API's own host (a fake Slack on loopback). */
function isSlackFileHost(url: string, apiUrl: string | undefined): boolean {
  try {
    const { protocol, hostname, host } = new URL(url);
    if (apiUrl && host === new URL(apiUrl).host) return true;
    return protocol === 'https:' && (hostname === 'slack.com' || hostname.endsWith('.slack.com'));
  } catch {
    return false;
  }
}
