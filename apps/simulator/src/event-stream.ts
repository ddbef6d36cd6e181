import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Conversation } from './conversation.js';

/** A server-sent event stream of a feed: its history first, then each event as it happens. */
export function stream<E extends { id: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  feed: Conversation<E>,
): void {
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
