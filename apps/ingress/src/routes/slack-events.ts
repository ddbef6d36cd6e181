import { readSlackEvent } from '@datadrill/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { InboundProducer } from '../queue/inbound-producer.js';
import { verifySlackRequest } from '../slack/signature.js';

export interface SlackEventsRouteOptions {
  /** Unset: the mentor desk is off and the route answers 404. */
  signingSecret: string | undefined;
  producer: InboundProducer;
}

interface Envelope {
  type?: unknown;
  challenge?: unknown;
  event_id?: unknown;
  event?: unknown;
}

/**
 * Slack's Events API for the mentor desk: verify the signature over the raw body, answer the
 * url_verification handshake, queue mentors' replies and closes, and acknowledge at once (Slack
 * waits 3 s). Slack retries an event it thinks we missed; its event_id is the job id, so a
 * retry of a queued event is a no-op.
 */
export const slackEventsRoute: FastifyPluginAsync<SlackEventsRouteOptions> = async (app, options) => {
  // The signature covers the body byte for byte: keep it raw, parse after verifying.
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.post<{ Body: string }>('/slack/events', async (request, reply) => {
    const { signingSecret } = options;
    if (!signingSecret) return reply.code(404).type('text/plain').send('The mentor desk is not configured');
    if (typeof request.body !== 'string') return reply.code(415).type('text/plain').send('Expected application/json');
    const verdict = verifySlackRequest(
      signingSecret,
      {
        timestamp: request.headers['x-slack-request-timestamp'],
        signature: request.headers['x-slack-signature'],
      },
      request.body,
    );
    if (verdict !== 'signed') {
      request.log.warn({ verdict }, 'slack event refused: bad signature or stale timestamp');
      return reply.code(401).type('text/plain').send('Invalid Slack signature');
    }
    const envelope = parse(request.body);
    if (!envelope) return reply.code(400).type('text/plain').send('Body is not a JSON object');
    if (envelope.type === 'url_verification' && typeof envelope.challenge === 'string') {
      return reply.code(200).send({ challenge: envelope.challenge });
    }
    if (envelope.type !== 'event_callback') {
      // e.g. app_rate_limited: nothing to do, and Slack only needs to hear it arrived.
      request.log.info({ type: String(envelope.type) }, 'slack notice received');
      return reply.code(200).send();
    }
    if (typeof envelope.event_id !== 'string') {
      return reply.code(400).type('text/plain').send('Expected an event_callback with an event_id');
    }
    return queueEvent(request, reply, options.producer, envelope.event_id, envelope.event);
  });
};

async function queueEvent(
  request: FastifyRequest,
  reply: FastifyReply,
  producer: InboundProducer,
  eventId: string,
  event: unknown,
) {
  const reading = readSlackEvent(event);
  const retry = request.headers['x-slack-retry-num'];
  if ('ignored' in reading) {
    request.log.debug({ eventId, reason: reading.ignored }, 'slack event ignored');
    return reply.code(200).send();
  }
  try {
    await producer.enqueueMentorDesk({ ...reading.job, eventId });
    request.log.info({ eventId, kind: reading.job.kind, retry }, 'slack event queued');
  } catch (error) {
    request.log.error({ reason: (error as Error).message }, 'slack event not queued: Redis unavailable');
    // Slack retries on a 5xx, which is what we want while Redis is away.
    return reply.code(503).type('text/plain').send('Temporarily unavailable');
  }
  return reply.code(200).send();
}

function parse(body: string): Envelope | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' ? (value as Envelope) : undefined;
  } catch {
    return undefined;
  }
}
