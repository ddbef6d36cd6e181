import { type MentorChannel, PermanentDeliveryError, TransientDeliveryError } from '@datadrill/core';
import { LogLevel, WebAPIHTTPError, WebAPIPlatformError, WebAPIRequestError, WebClient } from '@slack/web-api';

export interface SlackSettings {
  token: string;
  channel: string;
  /** Base URL that replaces https://slack.com/api/, e.g. a fake Slack on loopback. */
  apiUrl?: string | undefined;
}

/** Slack errors that mean "try again later" rather than "this will never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);
const SLACK = { service: 'slack' };
const NAME_CACHE_MS = 60 * 60 * 1000;

/** The mentors' channel through the official Web API client; retries are the queue's job. */
export function createSlackChannel(settings: SlackSettings): MentorChannel {
  const client = new WebClient(settings.token, {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logLevel: LogLevel.ERROR,
  });
  const names = new Map<string, { name: string; at: number }>();
  let ownUserId: Promise<string | undefined> | undefined;
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw classify(error);
    }
  };

  return {
    async post(text, thread) {
      const message = { channel: settings.channel, text, unfurl_links: false };
      const result = await call(() =>
        thread
          ? client.chat.postMessage({ ...message, thread_ts: thread.ts, reply_broadcast: thread.broadcast ?? false })
          : client.chat.postMessage(message),
      );
      if (!result.ts) throw new TransientDeliveryError('Slack accepted the message without a ts', SLACK);
      return { ts: result.ts };
    },

    async permalink(ts) {
      const result = await call(() => client.chat.getPermalink({ channel: settings.channel, message_ts: ts }));
      return result.permalink ?? null;
    },

    async isOwnBot(userId) {
      ownUserId ??= client.auth.test().then(
        (result) => result.user_id,
        () => {
          ownUserId = undefined; // ask again next time
          return undefined;
        },
      );
      // Unknown while Slack does not answer: the desk decides what that means.
      const own = await ownUserId;
      return own === undefined ? undefined : own === userId;
    },

    async remove(ts) {
      try {
        await call(() => client.chat.delete({ channel: settings.channel, ts }));
      } catch (error) {
        if (error instanceof PermanentDeliveryError && /message_not_found/.test(error.message)) return;
        throw error;
      }
    },

    async upload(file, thread) {
      // files.uploadV2 runs Slack's external upload: getUploadURLExternal, the upload, completeUploadExternal.
      const result = await call(() =>
        client.files.uploadV2({
          channel_id: settings.channel,
          thread_ts: thread.ts,
          file: Buffer.from(file.bytes),
          filename: file.filename,
          title: file.title,
          initial_comment: file.comment,
        }),
      );
      const fileId = uploadedId(result);
      // Uploading again would only repeat it (and post the file twice): final.
      if (!fileId) throw new PermanentDeliveryError('Slack completed the upload without a file id', undefined);
      return { fileId };
    },

    async removeFile(fileId) {
      try {
        await call(() => client.files.delete({ file: fileId }));
      } catch (error) {
        if (error instanceof PermanentDeliveryError && /file_not_found|file_deleted/.test(error.message)) return;
        throw error;
      }
    },

    async fileInfo(fileId) {
      try {
        const { file } = await call(() => client.files.info({ file: fileId }));
        return file?.id
          ? { id: file.id, name: file.name ?? '', mimetype: file.mimetype ?? '', size: file.size }
          : undefined;
      } catch (error) {
        if (error instanceof PermanentDeliveryError) return undefined;
        throw error;
      }
    },

    async mentorName(userId, fallback = 'Your mentor') {
      const cached = names.get(userId);
      if (cached && Date.now() - cached.at < NAME_CACHE_MS) return cached.name;
      try {
        const { user } = await client.users.info({ user: userId });
        const name =
          user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || fallback;
        names.set(userId, { name, at: Date.now() });
        return name;
      } catch {
        // The answer matters more than the name on it.
        return fallback;
      }
    },
  };
}

/** uploadV2 answers with each completeUploadExternal call's result: `{ files: [{ files: [{ id }] }] }`. */
function uploadedId(result: object): string | undefined {
  const { files } = result as { files?: unknown };
  const [completed] = Array.isArray(files) ? (files as Array<{ files?: Array<{ id?: unknown }> }>) : [];
  const id = completed?.files?.[0]?.id;
  return typeof id === 'string' ? id : undefined;
}

function classify(error: unknown): Error {
  if (error instanceof WebAPIPlatformError) {
    const reason = `Slack ${error.data.error}`;
    return TRANSIENT_PLATFORM_ERRORS.has(error.data.error)
      ? new TransientDeliveryError(reason, SLACK)
      : new PermanentDeliveryError(reason, undefined);
  }
  if (error instanceof WebAPIHTTPError && error.statusCode < 500 && error.statusCode !== 429) {
    return new PermanentDeliveryError(`Slack HTTP ${error.statusCode}`, undefined);
  }
  if (error instanceof WebAPIRequestError) return new TransientDeliveryError(`Slack: ${error.original.message}`, SLACK);
  return new TransientDeliveryError(`Slack: ${(error as Error).message}`, SLACK);
}
