import {
  acceptsFile,
  baseType,
  FileRefusedError,
  type MediaSource,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '@datadrill/core';
import twilio, { type Twilio } from 'twilio';
import { classify } from './twilio-messenger.js';

export interface TwilioMediaSettings {
  accountSid: string;
  authToken: string;
  /** Base URL that replaces https://api.twilio.com, as for REST calls (a fake Twilio on loopback). */
  apiUrl?: string | undefined;
  /** How long one download may take. */
  timeoutMs?: number | undefined;
}

const MEDIA_PATH = /\/Accounts\/AC[0-9a-fA-F]{32}\/Messages\/((?:MM|SM)[0-9a-fA-F]{32})\/Media\/(ME[0-9a-fA-F]{32})/;
const MAX_REDIRECTS = 3;
const TWILIO = { service: 'twilio' };

/**
 * Learners' files at Twilio: read with the account's credentials (Twilio answers with a redirect
 * to a signed, short-lived copy, fetched without them), checked and capped while streaming, and
 * deleted through the SDK once the thread has them.
 */
export function createTwilioMedia(settings: TwilioMediaSettings, client: Twilio): MediaSource {
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  return {
    async download(url, maxBytes) {
      const signal = AbortSignal.timeout(settings.timeoutMs ?? 60_000);
      let target = rebase(url, settings.apiUrl);
      let headers: Record<string, string> = { authorization };
      for (let hop = 0; ; hop++) {
        const response = await get(target, headers, signal);
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
          const next = new URL(location, target);
          // The signed copy takes no credentials (S3 refuses a second kind of auth): never send them elsewhere.
          if (next.origin !== new URL(target).origin) headers = {};
          target = next.href;
          continue;
        }
        return read(response, maxBytes);
      }
    },

    async remove(url) {
      const [, messageSid, mediaSid] = MEDIA_PATH.exec(url) ?? [];
      if (!messageSid || !mediaSid) throw new PermanentDeliveryError('not a Twilio media URL', undefined);
      try {
        await client.messages(messageSid).media(mediaSid).remove();
      } catch (error) {
        if (error instanceof twilio.RestException && error.status === 404) return;
        throw classify(error);
      }
    },
  };
}

/** As the SDK's requests are rebased: the same path, on the configured host. */
function rebase(url: string, apiUrl: string | undefined): string {
  return apiUrl ? url.replace(/^https?:\/\/[^/]+/, apiUrl.replace(/\/+$/, '')) : url;
}

async function get(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'manual', signal });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new TransientDeliveryError(`Twilio media: ${cause}`, TWILIO);
  }
  if (response.ok || (response.status >= 300 && response.status < 400)) return response;
  await response.body?.cancel();
  const reason = `Twilio media: HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    throw new TransientDeliveryError(reason, { ...TWILIO, needsOperator: true });
  }
  if (response.status === 429 || response.status >= 500) throw new TransientDeliveryError(reason, TWILIO);
  throw new PermanentDeliveryError(reason, response.status);
}

/** The body, refused by its actual type before reading and by its size while reading (never held past the cap). */
async function read(response: Response, maxBytes: number): Promise<{ bytes: Uint8Array; contentType: string }> {
  const contentType = baseType(response.headers.get('content-type') ?? '');
  if (!acceptsFile(contentType)) {
    await response.body?.cancel();
    throw new FileRefusedError('type', contentType);
  }
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw new FileRefusedError('size', contentType);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? []) {
      total += chunk.byteLength;
      // Leaving the loop cancels the stream: the rest is never downloaded.
      if (total > maxBytes) throw new FileRefusedError('size', contentType);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FileRefusedError) throw error;
    throw new TransientDeliveryError(`Twilio media: ${(error as Error).message}`, TWILIO);
  }
  return { bytes: Buffer.concat(chunks), contentType };
}
