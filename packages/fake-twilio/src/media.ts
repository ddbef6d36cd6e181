import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file Twilio holds for an inbound message (what the learner's phone sent). */
export interface HeldMedia {
  messageSid: string;
  mediaSid: string;
  contentType: string;
  bytes: Buffer;
}

/** What Twilio got when it fetched an outbound message's MediaUrl, as it does before sending it. */
export interface FetchedMedia {
  url: string;
  /** The HTTP status, or 0 when the URL could not be reached at all. */
  status: number;
  contentType: string;
  bytes: Buffer;
  error?: string | undefined;
}

const MEDIA_PATH =
  /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/((?:MM|SM)[0-9a-fA-F]{32})\/Media\/(ME[0-9a-fA-F]{32})(\.json)?$/;
const SIGNED_PATH = /^\/_media\/([0-9a-f]{32})$/;
const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * Twilio's Media resources on loopback: inbound files served with Basic auth (answered, as Twilio
 * does, with a redirect to a signed copy that takes no credentials), deleted through the API, and
 * the fetch Twilio makes of an outbound message's MediaUrl.
 */
export class FakeMedia {
  /** The Media SIDs deleted through the API (not those that went with a deleted message). */
  readonly deletedMedia: string[] = [];
  private readonly held = new Map<string, HeldMedia & { token: string }>();
  private readonly hosts = new Map<string, string>();

  constructor(
    private readonly accountSid: string,
    private readonly origin: () => string,
  ) {}

  /** Holds a file for an inbound message (a new MM… SID unless given); its URL is MediaUrlN's, on api.twilio.com. */
  add(bytes: Buffer, contentType: string, options: { messageSid?: string } = {}) {
    const messageSid = options.messageSid ?? sid('MM');
    const mediaSid = sid('ME');
    this.held.set(mediaSid, { messageSid, mediaSid, contentType, bytes, token: randomBytes(16).toString('hex') });
    const url = `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Messages/${messageSid}/Media/${mediaSid}`;
    return { url, messageSid, mediaSid };
  }

  /** The webhook fields of one inbound message carrying `files` (MessageSid, NumMedia, MediaUrlN, MediaContentTypeN). */
  inbound(files: ReadonlyArray<{ bytes: Buffer; contentType: string }>): Record<string, string> {
    const messageSid = sid('MM');
    const fields: Record<string, string> = { MessageSid: messageSid, SmsMessageSid: messageSid };
    files.forEach((file, n) => {
      fields[`MediaUrl${n}`] = this.add(file.bytes, file.contentType, { messageSid }).url;
      fields[`MediaContentType${n}`] = file.contentType;
    });
    return { ...fields, NumMedia: String(files.length) };
  }

  /** Whether Twilio still holds the file. */
  holds(mediaSid: string): boolean {
    return this.held.has(mediaSid);
  }

  /** Where Twilio reaches a public origin it is given in a MediaUrl (the ingress on loopback): DNS, for the fake. */
  routeHost(publicOrigin: string, reachable: string): void {
    this.hosts.set(new URL(publicOrigin).origin, reachable.replace(/\/+$/, ''));
  }

  /** Deleting a message deletes its media (Twilio does since 2020). */
  forgetMessage(messageSid: string): void {
    for (const [mediaSid, media] of this.held) if (media.messageSid === messageSid) this.held.delete(mediaSid);
  }

  handles(pathname: string): boolean {
    return MEDIA_PATH.test(pathname) || SIGNED_PATH.test(pathname);
  }

  /** GET a Media resource (Basic auth: 307 to its signed copy; `.json`: its metadata), DELETE it, or GET the signed copy. */
  request(req: IncomingMessage, pathname: string, res: ServerResponse, authorised: boolean): void {
    const signed = SIGNED_PATH.exec(pathname);
    if (signed) {
      const media = [...this.held.values()].find((candidate) => candidate.token === signed[1]);
      if (!media || req.method !== 'GET') res.writeHead(404).end();
      else
        res
          .writeHead(200, { 'content-type': media.contentType, 'content-length': media.bytes.length })
          .end(media.bytes);
      return;
    }
    const [, account, messageSid, mediaSid = '', json] = MEDIA_PATH.exec(pathname) ?? [];
    const media = this.held.get(mediaSid);
    if (account !== this.accountSid || !authorised) sendError(res, 401, 20003, 'Authenticate');
    else if (!media || media.messageSid !== messageSid) {
      sendError(res, 404, 20404, `The requested resource /Media/${mediaSid} was not found`);
    } else if (req.method === 'DELETE' && json) {
      this.held.delete(mediaSid);
      this.deletedMedia.push(mediaSid);
      res.writeHead(204).end();
    } else if (req.method !== 'GET') sendError(res, 405, 20004, 'Method not allowed');
    else if (json) {
      const uri = pathname.replace(/\.json$/, '');
      const resource = {
        sid: mediaSid,
        parent_sid: messageSid,
        account_sid: account,
        content_type: media.contentType,
        uri,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(resource));
    } else res.writeHead(307, { location: `${this.origin()}/_media/${media.token}` }).end();
  }

  /** Fetches each MediaUrl as Twilio does when it takes the message (no credentials); never throws. */
  async fetchOutbound(urls: readonly string[]): Promise<FetchedMedia[]> {
    return Promise.all(
      urls.map(async (url) => {
        try {
          const parsed = new URL(url);
          const target = `${this.hosts.get(parsed.origin) ?? parsed.origin}${parsed.pathname}${parsed.search}`;
          const response = await fetch(target, { signal: AbortSignal.timeout(10_000) });
          const bytes = Buffer.from(await response.arrayBuffer());
          return { url, status: response.status, contentType: response.headers.get('content-type') ?? '', bytes };
        } catch (error) {
          return { url, status: 0, contentType: '', bytes: Buffer.alloc(0), error: (error as Error).message };
        }
      }),
    );
  }
}

function sendError(res: ServerResponse, status: number, code: number, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}
