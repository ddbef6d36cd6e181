import { deliveryReportSchema } from '@datadrill/core';
import type { FastifyPluginAsync } from 'fastify';
import type { InboundProducer } from '../queue/inbound-producer.js';
import { isSignedByTwilio } from '../twilio/signature.js';

export interface StatusRouteOptions {
  accountSid: string;
  authToken: string;
  publicUrl: string;
  producer: InboundProducer;
}

/**
 * Twilio's status callback for each message the bot sent (`StatusCallback` on every send): verified
 * like an inbound webhook and queued; the worker refunds a challenge whose message failed.
 */
export const twilioStatusRoute: FastifyPluginAsync<StatusRouteOptions> = async (app, options) => {
  app.post<{ Body: Record<string, unknown> }>('/twilio/status', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const params = request.body ?? {};
    const signature = request.headers['x-twilio-signature'];
    if (!isSignedByTwilio(options.authToken, options.publicUrl, request.url, signature, params)) {
      request.log.warn('status callback refused: bad or missing Twilio signature');
      return reply.code(403).type('text/plain').send('Invalid Twilio signature');
    }
    if (params.AccountSid !== options.accountSid) return reply.code(403).type('text/plain').send('Unknown account');
    const report = deliveryReportSchema.safeParse({
      messageSid: params.MessageSid,
      status: params.MessageStatus,
      errorCode: params.ErrorCode === '' ? undefined : params.ErrorCode,
    });
    if (!report.success) return reply.code(400).type('text/plain').send('Bad status callback');
    try {
      await options.producer.enqueueStatus(report.data);
    } catch (error) {
      request.log.error({ reason: (error as Error).message }, 'status callback not queued: Redis unavailable');
      return reply.code(503).header('retry-after', '5').type('text/plain').send('Temporarily unavailable');
    }
    request.log.info({ outboundSid: report.data.messageSid, status: report.data.status }, 'status queued');
    return reply.code(204).send();
  });
};
