import { type Messenger, PermanentDeliveryError, TransientDeliveryError } from '@datadrill/core';
import twilio from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient.js';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  /** Base URL that replaces https://api.twilio.com, e.g. a fake Twilio on loopback. */
  apiUrl?: string | undefined;
  /** Where Twilio reports each message's fate (the ingress's /twilio/status). */
  statusCallback?: string | undefined;
}

/**
 * Sends every REST call to another base URL through the SDK's supported `httpClient`
 * extension point; the SDK still builds the request, so the wire format is Twilio's own.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ keepAlive: true, timeout: 15_000 });
  }

  override request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
    const uri = opts.uri.replace(/^https?:\/\/[^/]+/, this.baseUrl.replace(/\/+$/, ''));
    return super.request<TData>({ ...opts, uri });
  }
}

/** Observes each send, for metrics: seconds taken and, on failure, Twilio's error code. */
export type SendObserver = (seconds: number, errorCode: string | undefined) => void;

export function createTwilioMessenger(settings: TwilioSettings, observe: SendObserver = () => {}): Messenger {
  const client = twilio(settings.accountSid, settings.authToken, {
    httpClient: settings.apiUrl
      ? new RebasedRequestClient(settings.apiUrl)
      : new twilio.RequestClient({ keepAlive: true, timeout: 15_000 }),
  });
  // The SDK loads its API modules on first use; load them now rather than inside the first paced
  // send, which would otherwise reach Twilio tens of milliseconds after its slot.
  const messages = client.messages;
  return {
    async send({ to, body, contentSid }) {
      const started = performance.now();
      try {
        const message = await messages.create({
          from: settings.from,
          to,
          // A template (outside WhatsApp's 24-hour window) goes by its ContentSid alone.
          ...(contentSid ? { contentSid } : { body }),
          ...(settings.statusCallback ? { statusCallback: settings.statusCallback } : {}),
        });
        observe((performance.now() - started) / 1000, undefined);
        return { sid: message.sid };
      } catch (error) {
        const code = error instanceof twilio.RestException ? String(error.code ?? error.status) : 'network';
        observe((performance.now() - started) / 1000, code);
        throw classify(error);
      }
    },

    // Twilio's create call has no idempotency key: after a crash mid-call, the Messages list
    // is the only way to learn whether Twilio accepted the message.
    async findSent(to, body, since) {
      try {
        const sent = await messages.list({ to, from: settings.from, dateSentAfter: since, limit: 50 });
        return sent.find((message) => message.body === body)?.sid;
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

/** 429 and 5xx are Twilio asking us to come back later; other 4xx will never succeed. */
function classify(error: unknown): Error {
  if (error instanceof twilio.RestException) {
    const reason = `Twilio ${error.status}${error.code ? ` (code ${error.code})` : ''}: ${error.message}`;
    if (error.status === 429 || error.status >= 500) return new TransientDeliveryError(reason);
    return new PermanentDeliveryError(reason, error.code);
  }
  const cause = error as { code?: string; message?: string };
  return new TransientDeliveryError(`network: ${cause.code ?? cause.message ?? String(error)}`);
}
