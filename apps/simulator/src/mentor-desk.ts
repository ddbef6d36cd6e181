import { FakeSlack, type SlackFile, type SlackPost } from '@datadrill/fake-slack';
import { Conversation, type DeskFile, type MentorDeskPost } from './conversation.js';
import type { SimulatorEnv } from './env.js';

/** The one mentor of local mode: whoever is at the page. */
export const LOCAL_MENTOR = { id: 'ULOCALMENTOR', name: 'mentor', realName: 'Local Mentor', displayName: 'Mentor' };

/** A file a mentor shares in a thread from the page. */
export interface SharedFile {
  name: string;
  mimetype: string;
  bytes: Buffer;
}

/** Local mode's mentors' channel: a fake Slack the worker posts to, answered from the page. */
export interface LocalMentorDesk {
  slack: FakeSlack;
  posts: Conversation<MentorDeskPost>;
  /** Replies in a ticket's thread as a mentor, through the ingress's Events API endpoint. */
  reply(threadTs: string, text: string): Promise<Response>;
  /** Shares a file in a ticket's thread as a mentor (Slack's `file_share` message), with a comment. */
  share(threadTs: string, file: SharedFile, text: string): Promise<Response>;
  /** Closes a ticket with a ✅ reaction. */
  close(threadTs: string): Promise<Response>;
  /** A file in the workspace, for the page to show (Slack serves it only with the bot's token). */
  file(id: string): SlackFile | undefined;
}

/** How the page loads a Slack file: through the simulator, which holds the fake Slack. */
function deskFile(file: { id: string; name: string; mimetype: string }): DeskFile {
  return { url: `/api/desk/files/${file.id}`, name: file.name, contentType: file.mimetype };
}

export async function startLocalMentorDesk(env: SimulatorEnv): Promise<LocalMentorDesk | undefined> {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_MENTOR_CHANNEL: channel } = env;
  if (!botToken || !signingSecret || !channel) return undefined;
  const slack = await new FakeSlack({
    botToken,
    signingSecret,
    channels: [channel],
    users: [LOCAL_MENTOR],
    host: env.FAKE_SLACK_HOST,
    port: env.FAKE_SLACK_PORT,
  }).start();
  const posts = new Conversation<MentorDeskPost>();
  slack.on('post', (post) =>
    posts.publish({
      id: post.ts,
      threadTs: post.threadTs,
      author: 'bot',
      text: post.text,
      at: new Date().toISOString(),
      files: post.files?.map(deskFile),
    }),
  );
  const eventsUrl = `${env.INGRESS_URL ?? env.PUBLIC_URL}/slack/events`;
  const head = (threadTs: string): SlackPost => {
    const post = slack.posts.find((candidate) => candidate.ts === threadTs && !candidate.threadTs);
    if (!post) throw new Error(`no ticket posted at ${threadTs}`);
    return post;
  };
  return {
    slack,
    posts,
    reply(threadTs, text) {
      const event = slack.threadReply(head(threadTs), LOCAL_MENTOR.id, text);
      posts.publish({ id: String(event.ts), threadTs, author: 'mentor', text, at: new Date().toISOString() });
      return slack.deliver(eventsUrl, event);
    },
    share(threadTs, file, text) {
      const event = slack.fileShare(head(threadTs), LOCAL_MENTOR.id, file, text);
      const files = (event.files as Array<{ id: string; name: string; mimetype: string }>).map(deskFile);
      posts.publish({ id: String(event.ts), threadTs, author: 'mentor', text, at: new Date().toISOString(), files });
      return slack.deliver(eventsUrl, event);
    },
    close(threadTs) {
      return slack.deliver(eventsUrl, slack.reactionAdded(head(threadTs), LOCAL_MENTOR.id, 'white_check_mark'));
    },
    file(id) {
      return slack.files.files.get(id);
    },
  };
}
