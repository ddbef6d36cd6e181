import {
  contentFor,
  isRecipientRefusal,
  type MessageToSend,
  type Messenger,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '@datadrill/core';
import twilio, { type Twilio } from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient.js';
import type { ContentTemplates } from './content-templates.js';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  /**
   * A Messaging Service instead of `from`: a message with a sender of its own goes from it (within
   * the service); one without goes from the sender the service picks.
   */
  messagingServiceSid?: string | undefined;
  /** Base URL that replaces https://api.twilio.com, e.g. a fake Twilio on loopback. */
  apiUrl?: string | undefined;
  /** Where Twilio reports each message's fate (the ingress's /twilio/status). */
  statusCallback?: string | undefined;
  /** How long one REST call may take before it is abandoned (its outcome then unknown). */
  timeoutMs?: number | undefined;
}

/** Twilio's clock and ours may disagree: a message accepted this long before our claim still matches. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** The lookup reads at most this many of the recipient's messages, newest first. */
const LOOKUP_LIMIT = 500;

/**
 * Sends every REST call to another base URL through the SDK's supported `httpClient`
 * extension point; the SDK still builds the request, so the wire format is Twilio's own.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    timeout: number,
  ) {
    super({ keepAlive: true, timeout });
  }

  override request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
    const uri = opts.uri.replace(/^https?:\/\/[^/]+/, this.baseUrl.replace(/\/+$/, ''));
    return super.request<TData>({ ...opts, uri });
  }
}

/** Observes each send, for metrics: seconds taken and, on failure, Twilio's error code. */
export type SendObserver = (seconds: number, errorCode: string | undefined) => void;

/** The SDK's client for our account, every call sent to `apiUrl` when one is set. */
export function createTwilioClient(settings: TwilioSettings): Twilio {
  const timeout = settings.timeoutMs ?? 15_000;
  return twilio(settings.accountSid, settings.authToken, {
    httpClient: settings.apiUrl
      ? new RebasedRequestClient(settings.apiUrl, timeout)
      : new twilio.RequestClient({ keepAlive: true, timeout }),
  });
}

export function createTwilioMessenger(
  settings: TwilioSettings,
  observe: SendObserver = () => {},
  templates?: ContentTemplates,
  client: Twilio = createTwilioClient(settings),
): Messenger {
  // The SDK loads its API modules on first use; load them now rather than inside the first paced
  // send, which would otherwise reach Twilio tens of milliseconds after its slot.
  const messages = client.messages;
  return {
    async send(message) {
      const started = performance.now();
      const create = (content: Awaited<ReturnType<typeof contentOf>>) =>
        messages.create({
          ...senderOf(message, settings),
          to: message.to,
          ...content,
          ...(message.mediaUrl ? { mediaUrl: [message.mediaUrl] } : {}),
          ...(settings.statusCallback ? { statusCallback: settings.statusCallback } : {}),
        });
      try {
        const content = await contentOf(message, templates);
        // Twilio refused our template's message (a variable it would not take), which proves it
        // accepted nothing: the same words go as text, once, rather than not at all.
        const sent = await create(content).catch((error: unknown) => {
          if ('contentVariables' in content && isContentRefusal(error)) return create({ body: message.body });
          throw error;
        });
        observe((performance.now() - started) / 1000, undefined);
        return { sid: sent.sid };
      } catch (error) {
        const code = error instanceof twilio.RestException ? String(error.code ?? error.status) : 'network';
        observe((performance.now() - started) / 1000, code);
        throw classify(error);
      }
    },

    async deleteMessage(sid) {
      try {
        await client.messages(sid).remove();
      } catch (error) {
        if (error instanceof twilio.RestException && error.status === 404) return;
        // 20009: Twilio deletes a message only once it is done with it (about a minute): wait.
        if (error instanceof twilio.RestException && error.code === 20009) {
          throw new TransientDeliveryError(`Twilio ${error.status} (code 20009): ${error.message}`, {
            service: 'twilio',
          });
        }
        throw classify(error);
      }
    },

    // Twilio's create call has no idempotency key: after a crash mid-call or a lost answer, the
    // recipient's messages are the only way to learn whether Twilio accepted it. Not by DateSent:
    // Twilio filters that by day, and a message still queued has no date_sent at all.
    async findSent(message, since) {
      const earliest = since.getTime() - CLOCK_SKEW_MS;
      let found: string | undefined;
      // What Twilio records: the From it sent from, or (the service's pick) the service's SID.
      const { from, messagingServiceSid } = senderOf(message, settings);
      try {
        await messages.each({
          to: message.to,
          ...(from ? { from } : {}),
          pageSize: 50,
          limit: LOOKUP_LIMIT,
          callback: (sent, done) => {
            if (sent.dateCreated && sent.dateCreated.getTime() < earliest) return done();
            // A template's row keeps the approved template's text, which is the body Twilio renders.
            const ours = from !== undefined || sent.messagingServiceSid === messagingServiceSid;
            if (ours && sent.body === message.body && sent.direction.startsWith('outbound')) {
              found = sent.sid;
              done();
            }
          },
        });
        return found;
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

/** Who sends: the message's own sender, else the default From, or the Messaging Service's pick. */
function senderOf(message: MessageToSend, settings: TwilioSettings): { from?: string; messagingServiceSid?: string } {
  const service = settings.messagingServiceSid;
  const from = message.from ?? (service ? undefined : settings.from);
  return { ...(from ? { from } : {}), ...(service ? { messagingServiceSid: service } : {}) };
}

/**
 * What the message says: an approved template by its ContentSid alone (outside WhatsApp's window);
 * buttons or a list through the bot's Content template, the text a variable; else the body.
 */
async function contentOf(
  { body, contentSid, actions }: MessageToSend,
  templates: ContentTemplates | undefined,
): Promise<{ contentSid: string; contentVariables?: string } | { body: string }> {
  if (contentSid) return { contentSid };
  if (actions && templates) {
    const content = contentFor(body, actions);
    const sid = await templates.sidOf(content.friendlyName);
    if (sid) return { contentSid: sid, contentVariables: JSON.stringify(content.variables) };
  }
  return { body };
}

/** A 400 about the message itself, not about its recipient (an invalid number, outside the window, opted out). */
function isContentRefusal(error: unknown): boolean {
  return error instanceof twilio.RestException && error.status === 400 && !isRecipientRefusal(error.code);
}

/** Network errors that prove the request never reached Twilio. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * 429 and connection refusals prove nothing was accepted; 5xx, timeouts and resets leave it
 * unknown; 401/403 need an operator (a wrong or rotated token); any other 4xx will never succeed.
 */
export function classify(error: unknown): Error {
  if (error instanceof twilio.RestException) {
    const reason = `Twilio ${error.status}${error.code ? ` (code ${error.code})` : ''}: ${error.message}`;
    if (error.status === 429) return new TransientDeliveryError(reason, { service: 'twilio' });
    if (error.status === 401 || error.status === 403)
      return new TransientDeliveryError(reason, { needsOperator: true, service: 'twilio' });
    if (error.status >= 500)
      return new TransientDeliveryError(reason, { mayHaveBeenAccepted: true, service: 'twilio' });
    return new PermanentDeliveryError(reason, error.code);
  }
  const code = (error as { code?: string }).code;
  const reason = `network: ${code ?? (error as Error).message ?? String(error)}`;
  return new TransientDeliveryError(reason, {
    mayHaveBeenAccepted: !(code && NOT_SENT_CODES.has(code)),
    service: 'twilio',
  });
}
