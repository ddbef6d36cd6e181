import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackFiles, type SlackFile } from './files.js';

/** A message the bot posted through chat.postMessage, as Slack stored it. */
export interface SlackPost {
  channel: string;
  ts: string;
  threadTs?: string | undefined;
  broadcast: boolean;
  text: string;
  params: Record<string, string>;
  /** The files a completed upload shared with this message. */
  files?: SlackFile[] | undefined;
}

export interface SlackUser {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
}

export interface FakeSlackOptions {
  botToken: string;
  signingSecret: string;
  /** Channels chat.postMessage accepts; others answer channel_not_found. */
  channels: string[];
  users?: SlackUser[];
  host?: string;
  port?: number;
}

/** Picks Web API calls by method name and parameters. */
export type CallFilter = (method: string, params: Record<string, string>) => boolean;

const BOT = { userId: 'UDATADRILL', botId: 'BDATADRILL', teamId: 'TSCHOOL', appId: 'ADATADRILL' };

/**
 * Slack on loopback, both ways: enough of the Web API (chat.postMessage, chat.getPermalink,
 * users.info, auth.test) for the official @slack/web-api client, and the Events API side that
 * signs and posts events to the app as Slack does (v0 signatures, retries with X-Slack-Retry-Num).
 */
export class FakeSlack extends EventEmitter<{ post: [SlackPost] }> {
  readonly posts: SlackPost[] = [];
  /** The ts of every message deleted with chat.delete. */
  readonly deleted: string[] = [];
  /** Every Web API call received, by method. */
  readonly calls: Array<{ method: string; params: Record<string, string> }> = [];
  /** Files: the external upload flow, files.info, files.delete and their downloads. */
  readonly files: FakeSlackFiles;
  private readonly users = new Map<string, SlackUser>();
  private readonly faults: Array<{ error: string; matches: CallFilter }> = [];
  private outage: { until: number; status: number } | undefined;
  private server: Server | undefined;
  private clock = 0;

  constructor(private readonly options: FakeSlackOptions) {
    super();
    for (const user of options.users ?? []) this.users.set(user.id, user);
    const origin = () => this.apiUrl.replace(/\/api\/$/, '');
    this.files = new FakeSlackFiles(
      origin,
      options.botToken,
      BOT.teamId,
      BOT.userId,
      (channel, threadTs, text, files) =>
        this.record({ channel, ts: this.nextTs(), threadTs, broadcast: false, text, params: {}, files }),
    );
  }

  /** The Web API base URL, for the client's `slackApiUrl`. */
  get apiUrl(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('fake Slack is not started');
    return `http://${this.options.host ?? '127.0.0.1'}:${address.port}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => sendJson(res, 500, { ok: false, error: error.message }));
    });
    await new Promise<void>((resolve) =>
      this.server?.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
    );
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * The next `times` Web API calls that `matches` picks (any call by default) answer
   * `{ ok: false, error }`, e.g. "channel_not_found"; "ratelimited" answers HTTP 429.
   */
  failNext(error: string, times = 1, matches: CallFilter = () => true): void {
    for (let i = 0; i < times; i++) this.faults.push({ error, matches });
  }

  /** Top-level posts in a channel (tickets, not thread replies). */
  /** Every Web API call answers HTTP `status` for the next `ms`, as during a Slack outage. */
  failFor(ms: number, status = 500): void {
    this.outage = { until: Date.now() + ms, status };
  }

  channelPosts(channel: string): SlackPost[] {
    return this.posts.filter((post) => post.channel === channel && !post.threadTs);
  }

  /** The bot's posts in the thread under `ts`. */
  thread(ts: string): SlackPost[] {
    return this.posts.filter((post) => post.threadTs === ts);
  }

  /** A ts as Slack makes them: seconds, a dot, six digits; unique and increasing. */
  nextTs(): string {
    this.clock = Math.max(this.clock + 1, Date.now() * 1000);
    return `${Math.floor(this.clock / 1e6)}.${String(this.clock % 1e6).padStart(6, '0')}`;
  }

  /** A person's reply in a thread, as the `message` event Slack sends for it. */
  threadReply(post: SlackPost, user: string, text: string): Record<string, unknown> {
    const ts = this.nextTs();
    return {
      type: 'message',
      channel: post.channel,
      user,
      text,
      ts,
      thread_ts: post.threadTs ?? post.ts,
      event_ts: ts,
      channel_type: 'channel',
    };
  }

  /** A mentor's file shared in a thread, as the `message` event (subtype `file_share`) Slack sends for it. */
  fileShare(
    post: SlackPost,
    user: string,
    file: { name: string; mimetype: string; bytes: Buffer },
    text = '',
  ): Record<string, unknown> {
    const threadTs = post.threadTs ?? post.ts;
    return {
      ...this.threadReply(post, user, text),
      subtype: 'file_share',
      upload: true,
      files: [this.files.shared(user, file, post.channel, threadTs)],
    };
  }

  /** The `message` event Slack sends for one of the bot's own posts. */
  ownPostEvent(post: SlackPost): Record<string, unknown> {
    return {
      type: 'message',
      channel: post.channel,
      user: BOT.userId,
      bot_id: BOT.botId,
      app_id: BOT.appId,
      text: post.text,
      ts: post.ts,
      ...(post.threadTs ? { thread_ts: post.threadTs } : {}),
      event_ts: post.ts,
      channel_type: 'channel',
    };
  }

  reactionAdded(post: SlackPost, user: string, reaction: string): Record<string, unknown> {
    return {
      type: 'reaction_added',
      user,
      reaction,
      item: { type: 'message', channel: post.channel, ts: post.ts },
      item_user: BOT.userId,
      event_ts: this.nextTs(),
    };
  }

  /**
   * Posts `event` to the app's Request URL as Slack does: wrapped in an event_callback, signed
   * with the signing secret. `retryNum` marks a retry of the same event_id; the rest tamper.
   */
  async deliver(
    url: string,
    event: Record<string, unknown>,
    options: { eventId?: string; retryNum?: number; timestamp?: number; signingSecret?: string } = {},
  ): Promise<Response & { eventId: string }> {
    const eventId = options.eventId ?? `Ev${randomBytes(6).toString('hex').toUpperCase()}`;
    const body = JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: BOT.teamId,
      api_app_id: BOT.appId,
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: BOT.teamId, user_id: BOT.userId, is_bot: true }],
    });
    const retry: Record<string, string> =
      options.retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' };
    const response = await this.postSigned(url, body, options, retry);
    return Object.assign(response, { eventId });
  }

  /** Slack's handshake when the Request URL is saved in the app settings. */
  verifyUrl(url: string, challenge: string): Promise<Response> {
    return this.postSigned(url, JSON.stringify({ token: 'x', challenge, type: 'url_verification' }), {});
  }

  private postSigned(
    url: string,
    body: string,
    options: { timestamp?: number; signingSecret?: string },
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const secret = options.signingSecret ?? this.options.signingSecret;
    const signature = `v0=${createHmac('sha256', secret).update(['v0', timestamp, body].join(':')).digest('hex')}`;
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
        ...headers,
      },
      body,
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://fake');
    if (this.files.handles(pathname)) return this.files.request(req, res, pathname);
    const method = /^\/api\/([\w.]+)$/.exec(pathname)?.[1];
    if (!method || req.method !== 'POST') return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    const params = await readParams(req);
    this.calls.push({ method, params });
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || params.token;
    if (token !== this.options.botToken) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    if (this.outage && Date.now() < this.outage.until) {
      res.writeHead(this.outage.status, { 'content-type': 'text/html' }).end('<html>Internal Server Error</html>');
      return;
    }
    const at = this.faults.findIndex((candidate) => candidate.matches(method, params));
    const fault = at === -1 ? undefined : this.faults.splice(at, 1)[0]?.error;
    if (fault === 'ratelimited') {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (fault) return sendJson(res, 200, { ok: false, error: fault });
    sendJson(res, 200, this.answer(method, params));
  }

  private answer(method: string, params: Record<string, string>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: BOT.userId, bot_id: BOT.botId, team_id: BOT.teamId, user: 'datadrill' };
      case 'chat.postMessage':
        return this.postMessage(params);
      case 'chat.delete': {
        // A bot may delete only its own messages, as in Slack.
        const at = this.posts.findIndex((p) => p.channel === params.channel && p.ts === params.ts);
        if (at === -1) return { ok: false, error: 'message_not_found' };
        this.posts.splice(at, 1);
        this.deleted.push(params.ts ?? '');
        return { ok: true, channel: params.channel, ts: params.ts };
      }
      case 'chat.getPermalink': {
        const post = this.posts.find((p) => p.channel === params.channel && p.ts === params.message_ts);
        if (!post) return { ok: false, error: 'message_not_found' };
        const permalink = `https://school.slack.com/archives/${post.channel}/p${post.ts.replace('.', '')}`;
        return { ok: true, channel: post.channel, permalink };
      }
      case 'users.info': {
        const user = this.users.get(params.user ?? '');
        if (!user) return { ok: false, error: 'user_not_found' };
        const profile = { real_name: user.realName ?? user.name, display_name: user.displayName ?? '' };
        return { ok: true, user: { id: user.id, name: user.name, real_name: profile.real_name, profile } };
      }
      default:
        return this.files.answer(method, params) ?? { ok: false, error: 'unknown_method' };
    }
  }

  private record(post: SlackPost): void {
    this.posts.push(post);
    this.emit('post', post);
  }

  private postMessage(params: Record<string, string>): Record<string, unknown> {
    const channel = params.channel ?? '';
    if (!this.options.channels.includes(channel)) return { ok: false, error: 'channel_not_found' };
    if (!params.text) return { ok: false, error: 'no_text' };
    const post: SlackPost = {
      channel,
      ts: this.nextTs(),
      threadTs: params.thread_ts || undefined,
      broadcast: params.reply_broadcast === 'true',
      text: params.text,
      params,
    };
    this.record(post);
    const message = { type: 'message', user: BOT.userId, bot_id: BOT.botId, text: post.text, ts: post.ts };
    return {
      ok: true,
      channel,
      ts: post.ts,
      message: post.threadTs ? { ...message, thread_ts: post.threadTs } : message,
    };
  }
}

/** The Web API takes form fields or JSON. */
async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  if (String(req.headers['content-type']).startsWith('application/json')) {
    const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
