import { type InboundMessage, inboundMessageSchema, maskPhone } from '@datadrill/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { IngressMetrics } from '../metrics.js';
import type { FloodGuard } from '../queue/flood-guard.js';
import type { InboundProducer } from '../queue/inbound-producer.js';
import { isSignedByTwilio } from '../twilio/signature.js';

export interface BotRouteOptions {
  accountSid: string;
  authToken: string;
  publicUrl: string;
  producer: InboundProducer;
  floodGuard: FloodGuard;
  metrics: IngressMetrics;
}

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const MAX_BODY_BYTES = 64 * 1024;

/** What each answer to Twilio means, for the webhooks counter. */
const OUTCOME_BY_STATUS: Record<number, string> = {
  200: 'queued',
  400: 'bad_request',
  403: 'forbidden',
  413: 'too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

/** A refusal: the status and the short text a caller sees (never a stack trace). */
type Refusal = { status: number; text: string };

/** Twilio's inbound WhatsApp webhook: verify, enqueue, acknowledge. Replies go out from the worker. */
export const botRoute: FastifyPluginAsync<BotRouteOptions> = async (app, options) => {
  const flooded = new WeakSet<FastifyRequest>();
  app.addHook('onResponse', async (request, reply) => {
    const labels = { route: '/bot' };
    const outcome = flooded.has(request)
      ? 'flooded'
      : (OUTCOME_BY_STATUS[reply.statusCode] ?? String(reply.statusCode));
    options.metrics.webhooks.inc({ ...labels, outcome });
    options.metrics.ackSeconds.observe(labels, reply.elapsedTime / 1000);
  });

  app.post<{ Body: Record<string, unknown> }>(
    '/bot',
    { bodyLimit: MAX_BODY_BYTES, onRequest: onlyForms },
    async (request, reply) => {
      const verified = verify(request, options);
      if ('status' in verified) return reply.code(verified.status).type('text/plain').send(verified.text);
      const logged = { messageSid: verified.messageSid, learner: maskPhone(verified.from) };
      try {
        const verdict = await options.floodGuard.verdict(verified.from);
        if (verdict === 'drop') {
          request.log.warn(logged, 'message dropped: sender over the flood limit');
          flooded.add(request);
          return reply.code(200).type('text/xml').send(EMPTY_TWIML);
        }
        await options.producer.enqueue(verdict === 'notify' ? { ...verified, flooded: true } : verified);
      } catch (error) {
        request.log.error({ reason: (error as Error).message }, 'webhook not queued: Redis unavailable');
        return reply.code(503).header('retry-after', '5').type('text/plain').send('Temporarily unavailable');
      }
      request.log.info(logged, 'message queued');
      return reply.code(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
};

/** Twilio only ever posts forms; anything else is refused before it is parsed. */
async function onlyForms(request: FastifyRequest, reply: FastifyReply) {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return reply.code(415).type('text/plain').send('Expected application/x-www-form-urlencoded');
  }
}

/** The signed, well-formed message from our own Twilio account, or why the request is refused. */
function verify(
  request: FastifyRequest<{ Body: Record<string, unknown> }>,
  options: BotRouteOptions,
): InboundMessage | Refusal {
  const params = request.body ?? {};
  const signature = request.headers['x-twilio-signature'];
  if (!isSignedByTwilio(options.authToken, options.publicUrl, request.url, signature, params)) {
    request.log.warn('webhook refused: bad or missing Twilio signature');
    return { status: 403, text: 'Invalid Twilio signature' };
  }
  if (params.AccountSid !== options.accountSid) {
    request.log.warn('webhook refused: foreign AccountSid');
    return { status: 403, text: 'Unknown account' };
  }
  const message = inboundMessageSchema.safeParse(toInboundMessage(params));
  if (message.success) return message.data;
  const reason = message.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  request.log.warn({ reason }, 'webhook refused: not an inbound message');
  return { status: 400, text: `Bad webhook: ${reason}` };
}

function toInboundMessage(params: Record<string, unknown>): Partial<Record<keyof InboundMessage, unknown>> {
  return {
    messageSid: params.MessageSid,
    accountSid: params.AccountSid,
    from: params.From,
    to: params.To,
    body: params.Body,
    profileName: params.ProfileName,
    repliedTo: params.OriginalRepliedMessageSid || undefined,
    attachment: attachmentOf(params),
    tap: tapOf(params),
    media: mediaOf(params),
    optOutType: typeof params.OptOutType === 'string' ? params.OptOutType.toUpperCase() || undefined : undefined,
    receivedAt: new Date().toISOString(),
  };
}

/** What a WhatsApp message carried besides text, from Twilio's fields (NumMedia, MessageType, Latitude). */
function attachmentOf(params: Record<string, unknown>): string | undefined {
  const type = String(params.MessageType ?? '').toLowerCase();
  if (params.Latitude !== undefined || type === 'location') return 'location';
  if (type === 'contacts' || type === 'contact') return 'contact';
  if (type === 'sticker') return 'sticker';
  if (type === 'reaction') return 'reaction';
  if (Number(params.NumMedia ?? 0) > 0) {
    const media = String(params.MediaContentType0 ?? '');
    if (media.startsWith('image/')) return 'image';
    if (media.startsWith('audio/')) return 'audio';
    if (media.startsWith('video/')) return 'video';
    return media === '' ? 'other' : 'document';
  }
  return undefined;
}

/** A tap on one of our buttons (ButtonPayload) or list rows (ListId), with the label the learner saw. */
function tapOf(
  params: Record<string, unknown>,
): { payload: unknown; text: unknown; via: 'button' | 'list' } | undefined {
  if (params.ListId) return { payload: params.ListId, text: params.ListTitle ?? params.Body ?? '', via: 'list' };
  if (params.ButtonPayload)
    return { payload: params.ButtonPayload, text: params.ButtonText ?? params.Body ?? '', via: 'button' };
  return undefined;
}

/** Twilio's MediaUrlN and MediaContentTypeN, for N below NumMedia. */
function mediaOf(params: Record<string, unknown>): Array<{ url: unknown; contentType: unknown }> | undefined {
  const count = Math.min(Number(params.NumMedia ?? 0) || 0, 10);
  if (count <= 0) return undefined;
  return Array.from({ length: count }, (_, n) => ({
    url: params[`MediaUrl${n}`],
    contentType: params[`MediaContentType${n}`] ?? '',
  }));
}
