import type { MentorDeskJob } from '../jobs/catalog.js';
import { SLACK_FILE_ID } from './media-links.js';

/** Reactions that close a ticket: ✅ and its look-alikes. */
const CLOSING_REACTIONS = new Set(['white_check_mark', 'heavy_check_mark', 'ballot_box_with_check']);
/** Message subtypes that are still a person writing in a thread. */
const PERSON_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

/** A mentor's event as a desk job; the ingress adds Slack's event id, which makes the job's id. */
export type SlackEventJob = DistributiveOmit<Extract<MentorDeskJob, { kind: 'reply' | 'close' }>, 'eventId'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type SlackEventReading = { job: SlackEventJob } | { ignored: string };

interface SlackEvent {
  type?: unknown;
  subtype?: unknown;
  bot_id?: unknown;
  user?: unknown;
  text?: unknown;
  ts?: unknown;
  thread_ts?: unknown;
  channel?: unknown;
  reaction?: unknown;
  user_profile?: { display_name?: unknown; real_name?: unknown; first_name?: unknown; name?: unknown };
  files?: unknown;
  item?: { type?: unknown; channel?: unknown; ts?: unknown };
}

/**
 * What one Events API event means for the desk: a mentor's reply in a thread, a close (✅ or
 * "/close"), or nothing, with the reason. Bots (this one included) and edits are never mentors.
 */
export function readSlackEvent(raw: unknown): SlackEventReading {
  const event = (raw ?? {}) as SlackEvent;
  if (event.type === 'message') return readMessage(event);
  if (event.type === 'reaction_added') return readReaction(event);
  return { ignored: `event type ${String(event.type)}` };
}

function readMessage(event: SlackEvent): SlackEventReading {
  if (event.bot_id !== undefined || event.subtype === 'bot_message') return { ignored: 'a bot message' };
  if (!PERSON_SUBTYPES.has(event.subtype as string | undefined)) return { ignored: `subtype ${String(event.subtype)}` };
  const { user, text = '', ts, thread_ts: threadTs, channel } = event;
  if (typeof user !== 'string' || typeof ts !== 'string' || typeof channel !== 'string' || typeof text !== 'string') {
    return { ignored: 'a message without user, ts or channel' };
  }
  if (typeof threadTs !== 'string' || threadTs === ts) return { ignored: 'not a reply in a thread' };
  const named = nameOf(event);
  if (/^\s*\/close\b/i.test(text)) return { job: { kind: 'close', channel, ts: threadTs, user, ...named } };
  const files = filesOf(event.files);
  return {
    job: { kind: 'reply', channel, threadTs, ts, user, ...named, text, ...(files.length > 0 ? { files } : {}) },
  };
}

/**
 * The files of a `file_share` (id, name, type, size); Slack may leave all but the id out
 * (`file_access: check_file_info`), and the worker then asks files.info.
 */
function filesOf(raw: unknown): Array<{ id: string; name: string; mimetype: string; size?: number }> {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((file): file is Record<string, unknown> => typeof file?.id === 'string' && SLACK_FILE_ID.test(file.id))
    .filter((file) => file.mode !== 'tombstone')
    .slice(0, 10)
    .map((file) => ({
      id: file.id as string,
      name: typeof file.name === 'string' ? file.name.slice(0, 255) : '',
      mimetype: typeof file.mimetype === 'string' ? file.mimetype.slice(0, 128) : '',
      ...(typeof file.size === 'number' && Number.isSafeInteger(file.size) && file.size >= 0
        ? { size: file.size }
        : {}),
    }));
}

/** Message events usually carry the author's profile: a fallback for the mentor's name. */
function nameOf(event: SlackEvent): { userName?: string } {
  const profile = event.user_profile ?? {};
  const name = [profile.display_name, profile.real_name, profile.first_name, profile.name].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  return name ? { userName: name.trim().slice(0, 120) } : {};
}

function readReaction(event: SlackEvent): SlackEventReading {
  if (!CLOSING_REACTIONS.has(String(event.reaction))) return { ignored: `reaction ${String(event.reaction)}` };
  const { item, user } = event;
  if (item?.type !== 'message' || typeof item.channel !== 'string' || typeof item.ts !== 'string') {
    return { ignored: 'a reaction to something other than a message' };
  }
  return { job: { kind: 'close', channel: item.channel, ts: item.ts, user: typeof user === 'string' ? user : '' } };
}
