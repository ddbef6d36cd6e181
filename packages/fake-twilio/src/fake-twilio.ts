import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContentApi, type RenderedContent } from './content-api.js';
import { FakeMedia, type FetchedMedia } from './media.js';
import { postWebhook, signWebhook } from './webhook.js';

/** A message the bot sent through the fake Messages API, as Twilio would have accepted it. */
export interface SentMessage {
  sid: string;
  accountSid: string;
  /** The sender: the From given, or the one a Messaging Service picked from its pool. */
  from: string;
  to: string;
  body: string;
  /** The MessagingServiceSid it was sent through, if any. */
  messagingServiceSid?: string | undefined;
  /** The Messaging Service chose `from` (the create call named no From). */
  pickedByService?: boolean | undefined;
  statusCallback?: string | undefined;
  contentSid?: string | undefined;
  /** The ContentVariables JSON sent with a ContentSid. */
  contentVariables?: string | undefined;
  /** What a ContentSid message shows on WhatsApp (buttons, a list), its variables filled in. */
  content?: RenderedContent | undefined;
  params: Record<string, string>;
  receivedAt: Date;
  /** `queued` until Twilio hands it to WhatsApp (`sent`); `date_sent` stays null until then. */
  status: 'queued' | 'sent';
  sentAt: Date | null;
  /** What Twilio charged (negative, e.g. "-0.00500"), once `setPrice` says so; null until then, as at Twilio. */
  price?: string | null | undefined;
  priceUnit?: string | undefined;
  /** What Twilio got fetching the message's MediaUrl (set once fetched; the `media` event says when). */
  media?: FetchedMedia[] | undefined;
}

/**
 * An injected failure for the next create call(s): Twilio's error JSON with this status and code.
 * With `accepted`, Twilio takes the message all the same and only the answer fails (a 500 after
 * the message was created). `hang` accepts it and never answers, as a request lost on its way back.
 */
export type Fault = { status: number; code?: number; message?: string; accepted?: boolean } | { hang: true };

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  host?: string;
  port?: number;
  /** Delay before answering each create call, like real Twilio's ~150 ms. */
  latencyMs?: number;
  /** Answer 429 (code 20429) beyond this many create calls in one clock second, as Twilio may. */
  messagesPerSecond?: number;
  /** How long an accepted message stays `queued` (no date_sent) before it is `sent`. */
  queuedMs?: number;
  /** The senders of any Messaging Service (MG…) in turn, for a message sent without a From. */
  servicePool?: string[];
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;
const MESSAGE_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/((?:SM|MM)[0-9a-fA-F]{32})\.json$/;

/**
 * Twilio's REST Messages API on loopback, enough of it for the official SDK to send
 * WhatsApp messages for real: Basic auth, form bodies, Twilio's JSON and error shapes.
 * Used by the end-to-end tests and by the local simulator.
 */
export class FakeTwilio extends EventEmitter<{ message: [SentMessage]; media: [SentMessage] }> {
  readonly messages: SentMessage[] = [];
  /** Inbound message SIDs Twilio holds (the tests' webhooks register theirs), for deletion. */
  readonly received = new Set<string>();
  /** Every SID deleted through the Messages API. */
  readonly deletedSids: string[] = [];
  /** Every SID fetched one by one (GET /Messages/SM….json), e.g. for its price. */
  readonly fetchedSids: string[] = [];
  /** Twilio's Content API: the templates created on this account. */
  readonly content = new ContentApi();
  /** Inbound messages' files (Basic auth, deletions recorded) and the fetch of outbound MediaUrls. */
  readonly media: FakeMedia;
  /** Every create call received, including the ones answered with an injected fault. */
  createCalls = 0;
  /** Create calls answered 429 because they exceeded `messagesPerSecond`. */
  rateLimited = 0;
  private second = { at: 0, calls: 0 };
  private readonly faults: Array<{ fault: Fault; matches: (params: Record<string, string>) => boolean }> = [];
  private server: Server | undefined;
  private holding = false;
  private spell: { until: number; fault: Fault } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: FakeTwilioOptions) {
    super();
    this.media = new FakeMedia(options.accountSid, () => this.url);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('fake Twilio is not started');
    return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) =>
        sendJson(res, 500, { code: 20500, message: error.message, status: 500 }),
      );
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) =>
      this.server?.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
    );
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** From now on, answer each create call after `ms` (the message is accepted on arrival all the same). */
  setLatency(ms: number): void {
    this.options.latencyMs = ms;
  }

  /** While true, accepted messages stay `queued` with no date_sent, as on a congested sender. */
  holdQueued(hold: boolean): void {
    this.holding = hold;
  }

  /**
   * Reports a message's fate to its StatusCallback, signed as Twilio signs it. `postTo` sends the
   * request elsewhere (the ingress on loopback) while the signature covers the configured URL.
   */
  async reportStatus(message: SentMessage, status: string, options: { errorCode?: number; postTo?: string } = {}) {
    if (!message.statusCallback) throw new Error(`message ${message.sid} was sent without a StatusCallback`);
    const params: Record<string, string> = {
      MessageSid: message.sid,
      SmsSid: message.sid,
      MessageStatus: status,
      SmsStatus: status,
      AccountSid: message.accountSid,
      From: message.from,
      To: message.to,
      ApiVersion: '2010-04-01',
      ...(options.errorCode ? { ErrorCode: String(options.errorCode) } : {}),
    };
    const signature = signWebhook(this.options.authToken, message.statusCallback, params);
    return postWebhook(options.postTo ?? message.statusCallback, params, signature);
  }

  /** The next `times` create calls (that `matches` picks: any by default) fail with `fault`. */
  failNext(fault: Fault, times = 1, matches: (params: Record<string, string>) => boolean = () => true): void {
    for (let i = 0; i < times; i++) this.faults.push({ fault, matches });
  }

  /** Every create call fails with `fault` for the next `ms` (an outage, or a rotated auth token). */
  failFor(ms: number, fault: Fault): void {
    this.spell = { until: Date.now() + ms, fault };
  }

  /** Twilio has priced the message: its resource shows `price` (negative, as Twilio bills) in `unit`. */
  setPrice(sid: string, price: string, unit = 'USD'): void {
    const message = this.messages.find((m) => m.sid === sid);
    if (!message) throw new Error(`no message ${sid}`);
    message.price = price;
    message.priceUnit = unit;
  }

  sentTo(to: string): SentMessage[] {
    return this.messages.filter((message) => message.to === to);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/_fake/messages') return this.list(url, res);
    if (this.media.handles(url.pathname)) return this.media.request(req, url.pathname, res, this.isAuthorised(req));
    if (url.pathname === '/v1/Content' || url.pathname.startsWith('/v1/Content/')) {
      if (!this.isAuthorised(req)) return sendError(res, 401, 20003, 'Authenticate');
      if (this.content.unavailable) return sendError(res, 503, 20503, 'Service Unavailable');
      return this.contentRequest(req, url, res);
    }
    const one = MESSAGE_PATH.exec(url.pathname);
    if (one && req.method === 'GET') {
      if (one[1] !== this.options.accountSid || !this.isAuthorised(req))
        return sendError(res, 401, 20003, 'Authenticate');
      const found = this.messages.find((m) => m.sid === one[2]);
      this.fetchedSids.push(one[2] ?? '');
      if (!found) return sendError(res, 404, 20404, `The requested resource /Messages/${one[2]}.json was not found`);
      return sendJson(res, 200, toResource(found));
    }
    if (one && req.method === 'DELETE') {
      if (one[1] !== this.options.accountSid || !this.isAuthorised(req))
        return sendError(res, 401, 20003, 'Authenticate');
      return this.remove(one[2] ?? '', res);
    }
    const match = MESSAGES_PATH.exec(url.pathname);
    if (!match || (req.method !== 'POST' && req.method !== 'GET')) {
      return sendError(res, 404, 20404, 'The requested resource was not found');
    }
    if (match[1] !== this.options.accountSid || !this.isAuthorised(req)) {
      return sendError(res, 401, 20003, 'Authenticate');
    }
    if (req.method === 'GET') return this.page(url, res);
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    this.createCalls++;
    // Twilio counts a request, and takes the message, when it arrives; the answer comes back later.
    const limited = this.overRate();
    const fault = limited ? undefined : this.nextFault(params);
    const rendered = params.ContentSid ? this.content.render(params.ContentSid, params.ContentVariables) : undefined;
    const problem = validate(params) ?? (rendered && 'code' in rendered ? rendered : undefined);
    const accepted =
      !limited && !problem && (!fault || 'hang' in fault || fault.accepted)
        ? this.record(match[1], params, rendered && !('code' in rendered) ? rendered : undefined)
        : undefined;
    if (fault && 'hang' in fault) return; // the socket stays open until the client gives up
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    if (limited) {
      this.rateLimited++;
      return sendError(res, 429, 20429, 'Too Many Requests');
    }
    if (fault) return sendError(res, fault.status, fault.code ?? fault.status, fault.message ?? 'Injected fault');
    if (problem || !accepted) return sendError(res, 400, problem?.code ?? 21602, problem?.message ?? 'Invalid');
    sendJson(res, 201, toResource(accepted));
  }

  /**
   * Twilio's Messages list, newest first, filtered by To, From and DateSent — by day, as Twilio
   * compares it, and never matching a message still queued (it has no date_sent) — in pages of
   * PageSize (default 50) with a next_page_uri the SDK follows.
   */
  private page(url: URL, res: ServerResponse): void {
    const query = url.searchParams;
    const to = query.get('To');
    const from = query.get('From');
    const sentFilter = dateSentFilter(query);
    const messages = this.messages
      .filter((m) => (!to || m.to === to) && (!from || m.from === from) && sentFilter(m))
      .reverse();
    const pageSize = Math.min(1000, Number(query.get('PageSize') ?? 50));
    const page = Number(query.get('Page') ?? 0);
    const start = page * pageSize;
    const items = messages.slice(start, start + pageSize);
    const pageUri = (n: number) => {
      const next = new URLSearchParams(query);
      next.set('Page', String(n));
      next.set('PageSize', String(pageSize));
      if (n > 0) next.set('PageToken', `PA${n}`);
      return `${url.pathname}?${next}`;
    };
    sendJson(res, 200, {
      messages: items.map(toResource),
      first_page_uri: pageUri(0),
      next_page_uri: start + pageSize < messages.length ? pageUri(page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      page,
      page_size: pageSize,
      start,
      end: start + Math.max(0, items.length - 1),
      uri: `${url.pathname}${url.search}`,
    });
  }

  /**
   * Twilio's Message delete: the record (its body, numbers) is gone; 204, or 404 for a SID it does
   * not hold. Inbound messages the test posted are known by SID through `received`.
   */
  private remove(sid: string, res: ServerResponse): void {
    const at = this.messages.findIndex((m) => m.sid === sid);
    const known = at !== -1 || this.received.has(sid);
    if (!known) {
      sendError(res, 404, 20404, `The requested resource /Messages/${sid}.json was not found`);
      return;
    }
    if (at !== -1) this.messages.splice(at, 1);
    this.received.delete(sid);
    this.media.forgetMessage(sid);
    this.deletedSids.push(sid);
    res.writeHead(204).end();
  }

  /** Content API: POST creates (JSON), GET lists in pages or fetches one, DELETE removes. */
  private async contentRequest(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const sid = url.pathname.slice('/v1/Content/'.length);
    const origin = `http://${req.headers.host ?? 'content.twilio.com'}`;
    if (url.pathname === '/v1/Content') {
      if (req.method === 'GET') return sendJson(res, 200, this.content.page(url, origin));
      if (req.method !== 'POST') return sendError(res, 405, 20004, 'Method not allowed');
      let json: unknown;
      try {
        json = JSON.parse(await readBody(req));
      } catch {
        return sendError(res, 400, 20001, 'Request body is not JSON');
      }
      const created = this.content.create(json);
      if ('code' in created) return sendError(res, created.status, created.code, created.message);
      return sendJson(res, 201, this.content.resource(created, origin));
    }
    const found = this.content.fetch(sid);
    if (!found) return sendError(res, 404, 20404, `The requested resource /Content/${sid} was not found`);
    if (req.method === 'GET') return sendJson(res, 200, this.content.resource(found, origin));
    if (req.method === 'DELETE') {
      this.content.remove(sid);
      res.writeHead(204).end();
      return;
    }
    return sendError(res, 405, 20004, 'Method not allowed');
  }

  /** Not Twilio's: lets local tools read what the bot sent, e.g. `?to=whatsapp:+1555...&after=3`. */
  private list(url: URL, res: ServerResponse): void {
    const to = url.searchParams.get('to');
    const after = Number(url.searchParams.get('after') ?? 0);
    const messages = (to ? this.sentTo(to) : this.messages).slice(after);
    // With what WhatsApp draws for a ContentSid message, which Twilio's resource does not show.
    sendJson(res, 200, { messages: messages.map((m) => ({ ...toResource(m), content: m.content ?? null })) });
  }

  private nextFault(params: Record<string, string>): Fault | undefined {
    if (this.spell && Date.now() < this.spell.until) return this.spell.fault;
    const at = this.faults.findIndex((candidate) => candidate.matches(params));
    return at === -1 ? undefined : this.faults.splice(at, 1)[0]?.fault;
  }

  private overRate(): boolean {
    if (!this.options.messagesPerSecond) return false;
    const now = Math.floor(Date.now() / 1000);
    if (this.second.at !== now) this.second = { at: now, calls: 0 };
    return ++this.second.calls > this.options.messagesPerSecond;
  }

  private isAuthorised(req: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64')}`;
    return req.headers.authorization === expected;
  }

  private record(accountSid: string, params: Record<string, string>, content?: RenderedContent): SentMessage {
    // A Messaging Service with no From picks a sender of its pool (in turn, as a sticky sender would vary).
    const pool = this.options.servicePool ?? ['whatsapp:+14155238886'];
    const picked = !params.From && params.MessagingServiceSid ? pool[this.messages.length % pool.length] : undefined;
    const message: SentMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid,
      from: params.From ?? picked ?? '',
      to: params.To ?? '',
      messagingServiceSid: params.MessagingServiceSid,
      pickedByService: picked !== undefined,
      // Twilio fills a ContentSid message's body with the template's text, variables filled in.
      body: content?.body ?? params.Body ?? '',
      statusCallback: params.StatusCallback,
      contentSid: params.ContentSid,
      contentVariables: params.ContentVariables,
      content,
      params,
      receivedAt: new Date(),
      status: 'queued',
      sentAt: null,
    };
    this.messages.push(message);
    this.emit('message', message);
    if (params.MediaUrl) {
      void this.media.fetchOutbound([params.MediaUrl]).then((media) => {
        message.media = media;
        this.emit('media', message);
      });
    }
    if (!this.holding) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        message.status = 'sent';
        message.sentAt = new Date();
      }, this.options.queuedMs ?? 50);
      this.timers.add(timer);
    }
    return message;
  }
}

function validate(params: Record<string, string>): { code: number; message: string } | undefined {
  if (!params.To) return { code: 21604, message: "A 'To' phone number is required." };
  if (!/^whatsapp:\+\d{6,15}$/.test(params.To))
    return { code: 21211, message: `The 'To' number ${params.To} is not a valid phone number.` };
  if (!params.From && !params.MessagingServiceSid)
    return { code: 21603, message: "A 'From' phone number is required." };
  if (params.MessagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(params.MessagingServiceSid))
    return { code: 21701, message: `The Messaging Service Sid ${params.MessagingServiceSid} is invalid.` };
  if (!params.Body && !params.ContentSid && !params.MediaUrl)
    return { code: 21602, message: 'Message body is required.' };
  if ((params.Body ?? '').length > 1600)
    return { code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' };
  return undefined;
}

/** `DateSent>=`, `DateSent<=` or `DateSent` (Twilio compares whole days in GMT; a queued message has none). */
function dateSentFilter(query: URLSearchParams): (message: SentMessage) => boolean {
  const day = (value: string) => value.slice(0, 10);
  const after = query.get('DateSent>');
  const before = query.get('DateSent<');
  const on = query.get('DateSent');
  if (!after && !before && !on) return () => true;
  return (message) => {
    if (!message.sentAt) return false;
    const sent = message.sentAt.toISOString().slice(0, 10);
    return (!after || sent >= day(after)) && (!before || sent <= day(before)) && (!on || sent === day(on));
  };
}

function toResource(message: SentMessage) {
  const now = message.receivedAt.toUTCString();
  return {
    sid: message.sid,
    account_sid: message.accountSid,
    from: message.from,
    to: message.to,
    body: message.body,
    messaging_service_sid: message.messagingServiceSid ?? null,
    status: message.status,
    num_segments: '1',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    date_created: now,
    date_updated: now,
    date_sent: message.sentAt?.toUTCString() ?? null,
    error_code: null,
    price: message.price ?? null,
    price_unit: message.priceUnit ?? 'USD',
    error_message: null,
    uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`,
  };
}

function sendError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
