import { MEDIA_LINK_TTL_MS, type Messenger, signMediaLink, slackFileIdOf } from '@datadrill/core';

export interface MediaLinkSettings {
  /** The ingress's public origin, which serves /media/slack/<file>; unset, files cannot be sent. */
  publicUrl: string | undefined;
  key: string;
  now: () => Date;
}

/**
 * Turns a stored reference to a mentor's Slack file into a link Twilio can fetch, signed as it is
 * sent: an answer held back for days still goes with a fresh link. Without a public URL the
 * message goes as its text, which names the file.
 */
export function withSignedMedia(messenger: Messenger, links: MediaLinkSettings): Messenger {
  return {
    ...messenger,
    send(message) {
      const fileId = message.mediaUrl ? slackFileIdOf(message.mediaUrl) : undefined;
      if (!fileId) return messenger.send(message);
      const expiresAt = new Date(links.now().getTime() + MEDIA_LINK_TTL_MS);
      const mediaUrl = links.publicUrl ? signMediaLink(links.publicUrl, fileId, links.key, expiresAt) : null;
      return messenger.send({ ...message, mediaUrl });
    },
  };
}
