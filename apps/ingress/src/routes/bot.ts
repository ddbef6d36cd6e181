import { type InboundMessage, inboundMessageSchema, maskPhone } from '@datadrill/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { IngressMetrics } from '../metrics.js';
import type { InboundProducer } from '../queue/inbound-producer.js';
import { isSignedByTwilio } from '../twilio/signature.js';

export interface BotRouteOptions {
  accountSid: string;
  authToken: string;
  publicUrl: string;
  producer: InboundProducer;
  metrics: IngressMetrics;
}

/** What each answer to Twilio means, for the webhooks counter. */
const OUTCOME_BY_STATUS: Record<number, string> = {
  200: 'queued',
  400: 'bad_request',
  403: 'forbidden',
  413: 'too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const MAX_BODY_BYTES = 64 * 1024;

/** Twilio's inbound WhatsApp webhook: verify, enqueue, acknowledge. Replies go out from the worker. */
export const botRoute: FastifyPluginAsync<BotRouteOptions> = async (app, options) => {
  app.addHook('onResponse', async (_request, reply) => {
    const labels = { route: '/bot' };
    options.metrics.webhooks.inc({
      ...labels,
      outcome: OUTCOME_BY_STATUS[reply.statusCode] ?? String(reply.statusCode),
    });
    options.metrics.ackSeconds.observe(labels, reply.elapsedTime / 1000);
  });
  const onlyForms = async (request: FastifyRequest, reply: FastifyReply) => {
    // Twilio only ever posts forms; refuse anything else before parsing it.
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return reply.code(415).type('text/plain').send('Expected application/x-www-form-urlencoded');
    }
  };
  app.post<{ Body: Record<string, unknown> }>(
    '/bot',
    { bodyLimit: MAX_BODY_BYTES, onRequest: onlyForms },
    async (request, reply) => {
      const params = request.body ?? {};
      const signature = request.headers['x-twilio-signature'];
      if (!isSignedByTwilio(options.authToken, options.publicUrl, request.url, signature, params)) {
        request.log.warn('webhook refused: bad or missing Twilio signature');
        return reply.code(403).type('text/plain').send('Invalid Twilio signature');
      }
      if (params.AccountSid !== options.accountSid) {
        request.log.warn('webhook refused: foreign AccountSid');
        return reply.code(403).type('text/plain').send('Unknown account');
      }
      const message = inboundMessageSchema.safeParse(toInboundMessage(params));
      if (!message.success) {
        const reason = message.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
        request.log.warn({ reason }, 'webhook refused: not an inbound message');
        return reply.code(400).type('text/plain').send(`Bad webhook: ${reason}`);
      }
      try {
        await options.producer.enqueue(message.data);
      } catch (error) {
        request.log.error({ reason: (error as Error).message }, 'webhook not queued: Redis unavailable');
        return reply.code(503).header('retry-after', '5').type('text/plain').send('Temporarily unavailable');
      }
      request.log.info(
        { messageSid: message.data.messageSid, learner: maskPhone(message.data.from) },
        'message queued',
      );
      return reply.code(200).type('text/xml').send(EMPTY_TWIML);
    },
  );
};

function toInboundMessage(params: Record<string, unknown>): Partial<Record<keyof InboundMessage, unknown>> {
  return {
    messageSid: params.MessageSid,
    accountSid: params.AccountSid,
    from: params.From,
    to: params.To,
    body: params.Body,
    profileName: params.ProfileName,
    receivedAt: new Date().toISOString(),
  };
}
