import { randomBytes } from 'node:crypto';

/** A Content API template as the fake keeps it (Twilio's JSON field names). */
export interface ContentResource {
  sid: string;
  friendly_name: string;
  language: string;
  variables: Record<string, string>;
  types: Record<string, ContentType>;
  date_created: string;
  date_updated: string;
}

type ContentType = {
  body?: string;
  button?: string;
  actions?: Array<{ title: string; id?: string; type?: string }>;
  items?: Array<{ item: string; id: string; description?: string }>;
};

/** What a message sent by ContentSid shows on WhatsApp, its variables filled in. */
export type RenderedContent =
  | { type: 'twilio/text'; body: string }
  | { type: 'twilio/quick-reply'; body: string; buttons: Array<{ title: string; id: string }> }
  | {
      type: 'twilio/list-picker';
      body: string;
      button: string;
      items: Array<{ item: string; id: string; description: string }>;
    };

/** A refusal in Twilio's shape. */
export interface ContentError {
  status: number;
  code: number;
  message: string;
}

/** WhatsApp's limits for session messages, which Twilio enforces when it sends. */
const LIMITS = { body: 1024, buttons: 3, buttonTitle: 20, items: 10, item: 24, description: 72, listButton: 20 };
const KNOWN_TYPES = new Set(['twilio/text', 'twilio/quick-reply', 'twilio/list-picker']);

/**
 * Twilio's Content API (content.twilio.com/v1/Content) on the fake: create, fetch, list in pages,
 * delete; and the rendering of a template with a message's ContentVariables, as WhatsApp shows it.
 */
export class ContentApi {
  readonly contents: ContentResource[] = [];
  /** Create calls received (a bot should create each template once, then find it). */
  createCalls = 0;
  /** List pages served. */
  listCalls = 0;
  /** While true, every Content API call answers 503 (an outage). */
  unavailable = false;

  create(json: unknown): ContentResource | ContentError {
    this.createCalls++;
    const input = (json ?? {}) as Record<string, unknown>;
    const name = input.friendly_name ?? input.friendlyName;
    const types = input.types as Record<string, ContentType> | undefined;
    if (typeof input.language !== 'string' || input.language === '')
      return { status: 400, code: 20001, message: 'Missing required parameter language' };
    if (!types || typeof types !== 'object' || Object.keys(types).length === 0)
      return { status: 400, code: 20001, message: 'Missing required parameter types' };
    const unknown = Object.keys(types).find((type) => !KNOWN_TYPES.has(type));
    if (unknown) return { status: 400, code: 20001, message: `Unsupported content type ${unknown}` };
    const quick = types['twilio/quick-reply'];
    if (quick && (!quick.body || !quick.actions || quick.actions.length < 1 || quick.actions.length > 10))
      return { status: 400, code: 20001, message: 'twilio/quick-reply needs a body and 1 to 10 actions' };
    const list = types['twilio/list-picker'];
    if (list && (!list.body || !list.button || !list.items || list.items.length < 1 || list.items.length > 10))
      return { status: 400, code: 20001, message: 'twilio/list-picker needs a body, a button and 1 to 10 items' };
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const resource: ContentResource = {
      sid: `HX${randomBytes(16).toString('hex')}`,
      friendly_name: typeof name === 'string' ? name : '',
      language: input.language,
      variables: (input.variables as Record<string, string> | undefined) ?? {},
      types,
      date_created: now,
      date_updated: now,
    };
    this.contents.push(resource);
    return resource;
  }

  /** A template approved outside the bot (the school's own, configured by its ContentSid). */
  approve(sid: string, body: string, friendlyName = 'school_template'): void {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    this.contents.push({
      sid,
      friendly_name: friendlyName,
      language: 'en',
      variables: {},
      types: { 'twilio/text': { body } },
      date_created: now,
      date_updated: now,
    });
  }

  fetch(sid: string): ContentResource | undefined {
    return this.contents.find((content) => content.sid === sid);
  }

  remove(sid: string): boolean {
    const at = this.contents.findIndex((content) => content.sid === sid);
    if (at === -1) return false;
    this.contents.splice(at, 1);
    return true;
  }

  /** One page of the list, oldest first, with Twilio's `meta` (the SDK follows next_page_url). */
  page(url: URL, origin: string) {
    this.listCalls++;
    const pageSize = Math.min(500, Math.max(1, Number(url.searchParams.get('PageSize') ?? 50)));
    const page = Number(url.searchParams.get('Page') ?? 0);
    const start = page * pageSize;
    const link = (n: number) => `${origin}/v1/Content?PageSize=${pageSize}&Page=${n}&PageToken=PT${n}`;
    return {
      contents: this.contents.slice(start, start + pageSize).map((content) => this.resource(content, origin)),
      meta: {
        page,
        page_size: pageSize,
        first_page_url: link(0),
        previous_page_url: page > 0 ? link(page - 1) : null,
        url: link(page),
        next_page_url: start + pageSize < this.contents.length ? link(page + 1) : null,
        key: 'contents',
      },
    };
  }

  resource(content: ContentResource, origin: string) {
    return { ...content, account_sid: undefined, url: `${origin}/v1/Content/${content.sid}`, links: {} };
  }

  /**
   * The message a ContentSid and ContentVariables make, as Twilio checks it before accepting:
   * an unknown SID, unreadable variables, or a label past WhatsApp's limits is refused.
   */
  render(contentSid: string, rawVariables: string | undefined): RenderedContent | ContentError {
    const content = this.fetch(contentSid);
    if (!content) return { status: 400, code: 21655, message: `The Content SID ${contentSid} is invalid` };
    let variables: Record<string, string>;
    try {
      variables = {
        ...content.variables,
        ...(rawVariables ? (JSON.parse(rawVariables) as Record<string, string>) : {}),
      };
    } catch {
      return { status: 400, code: 21656, message: 'The ContentVariables parameter is invalid JSON' };
    }
    const fill = (text: string | undefined) =>
      (text ?? '').replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => variables[name] ?? '');
    const quick = content.types['twilio/quick-reply'];
    const list = content.types['twilio/list-picker'];
    let rendered: RenderedContent;
    if (quick) {
      rendered = {
        type: 'twilio/quick-reply',
        body: fill(quick.body),
        buttons: (quick.actions ?? []).map((action) => ({
          title: fill(action.title),
          id: fill(action.id ?? action.title),
        })),
      };
    } else if (list) {
      rendered = {
        type: 'twilio/list-picker',
        body: fill(list.body),
        button: fill(list.button),
        items: (list.items ?? []).map((row) => ({
          item: fill(row.item),
          id: fill(row.id),
          description: fill(row.description),
        })),
      };
    } else {
      rendered = { type: 'twilio/text', body: fill(content.types['twilio/text']?.body) };
    }
    const problem = beyondLimits(rendered);
    return problem ? { status: 400, code: 63021, message: problem } : rendered;
  }
}

function beyondLimits(content: RenderedContent): string | undefined {
  const length = (text: string) => Array.from(text).length;
  if (content.body.trim() === '') return 'The message body is empty';
  if (content.type === 'twilio/text') return length(content.body) > 1600 ? 'Body over 1600 characters' : undefined;
  if (length(content.body) > LIMITS.body) return `Body over ${LIMITS.body} characters`;
  if (content.type === 'twilio/quick-reply') {
    if (content.buttons.length > LIMITS.buttons) return `More than ${LIMITS.buttons} buttons in a session message`;
    const long = content.buttons.find((button) => length(button.title) > LIMITS.buttonTitle || button.title === '');
    return long ? `Button title "${long.title}" is empty or over ${LIMITS.buttonTitle} characters` : undefined;
  }
  if (content.items.length > LIMITS.items) return `More than ${LIMITS.items} list items`;
  if (length(content.button) > LIMITS.listButton || content.button === '') return 'List button empty or too long';
  const long = content.items.find(
    (row) => length(row.item) > LIMITS.item || row.item === '' || length(row.description) > LIMITS.description,
  );
  return long ? `List item "${long.item}" is empty or too long` : undefined;
}
