import { setTimeout as sleep } from 'node:timers/promises';
import { CONTENT_TEMPLATES, type ContentTemplateSpec, type Logger } from '@datadrill/core';
import type { RedisConnection } from '@datadrill/ops';
import type { Twilio } from 'twilio';

/** The ContentSid of each of the bot's templates, by friendly name; undefined while none is known. */
export interface ContentTemplates {
  sidOf(friendlyName: string): Promise<string | undefined>;
  /** Finds the templates on the account and creates the missing ones, once; safe to call again. */
  ensure(): Promise<void>;
}

export interface ContentTemplateSettings {
  /** ContentSids the operator configured (TWILIO_CONTENT_SIDS): these win over any lookup. */
  configured: Readonly<Record<string, string>>;
  redis: RedisConnection;
  /** Held while creating, so workers starting together create each template once. */
  lockKey: string;
  log: Logger;
  /** After the Content API failed, messages go as plain text and it is asked again this much later. */
  retryAfterMs?: number;
}

const LOCK_MS = 30_000;
const PAGE_SIZE = 100;

/**
 * The bot's Content API templates (packages/core/src/whatsapp/content-templates.ts): found by
 * friendly name on the account, created when missing, cached for the process. While the Content
 * API cannot be reached, tappable messages go as plain text (their text says what to type).
 */
export function createContentTemplates(client: Twilio, settings: ContentTemplateSettings): ContentTemplates {
  const sids = new Map(Object.entries(settings.configured));
  const retryAfterMs = settings.retryAfterMs ?? 60_000;
  let pending: Promise<void> | undefined;
  let complete = CONTENT_TEMPLATES.size > 0 && [...CONTENT_TEMPLATES.keys()].every((name) => sids.has(name));
  let failedAt = Number.NEGATIVE_INFINITY;

  const missing = () => [...CONTENT_TEMPLATES.values()].filter((spec) => !sids.has(spec.friendlyName));

  async function findExisting(): Promise<void> {
    await client.content.v1.contents.each({ pageSize: PAGE_SIZE }, (content) => {
      // The oldest of a name wins, so every worker agrees on one even if two were ever created.
      if (CONTENT_TEMPLATES.has(content.friendlyName) && !sids.has(content.friendlyName)) {
        sids.set(content.friendlyName, content.sid);
      }
    });
  }

  async function create(spec: ContentTemplateSpec): Promise<void> {
    // The REST API takes snake_case JSON; the SDK passes the object through as the body.
    const body = {
      friendly_name: spec.friendlyName,
      language: spec.language,
      variables: spec.variables,
      types: spec.types,
    };
    const content = await client.content.v1.contents.create(body as never);
    sids.set(spec.friendlyName, content.sid);
    settings.log.info({ template: spec.friendlyName, contentSid: content.sid }, 'Content API template created');
  }

  async function run(): Promise<void> {
    await findExisting();
    if (missing().length === 0) return;
    const token = `${process.pid}-${Math.random()}`;
    const locked = await settings.redis.set(settings.lockKey, token, 'PX', LOCK_MS, 'NX');
    if (!locked) {
      // Another worker is creating them: wait for it, then read what it made.
      const deadline = Date.now() + LOCK_MS;
      while (Date.now() < deadline && (await settings.redis.exists(settings.lockKey))) await sleep(250);
      await findExisting();
      return;
    }
    try {
      await findExisting();
      // Each on its own: one shape refused must not keep the others from being made.
      const failures: string[] = [];
      for (const spec of missing()) {
        await create(spec).catch((error: Error) => failures.push(`${spec.friendlyName}: ${error.message}`));
      }
      if (failures.length > 0) throw new Error(`not created: ${failures.join('; ')}`);
    } finally {
      if ((await settings.redis.get(settings.lockKey)) === token) await settings.redis.del(settings.lockKey);
    }
  }

  async function ensure(): Promise<void> {
    if (complete) return;
    pending ??= run()
      .then(() => {
        complete = missing().length === 0;
        // Another worker held the lock past our wait: look again later.
        if (!complete) failedAt = Date.now();
      })
      .catch((error: Error) => {
        failedAt = Date.now();
        settings.log.warn(
          { reason: error.message },
          'Content API unavailable: buttons and lists go as plain text until it answers',
        );
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  return {
    ensure,
    // Never waits on the Content API: a send holds a paced slot. A template not known yet is
    // looked for in the background, and the message goes as text meanwhile.
    async sidOf(friendlyName) {
      const sid = sids.get(friendlyName);
      if (!sid && !complete && !pending && Date.now() - failedAt >= retryAfterMs) void ensure();
      return sid;
    },
  };
}
