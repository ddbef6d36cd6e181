export { type CallFilter, FakeSlack, type FakeSlackOptions, type SlackPost, type SlackUser } from './fake-slack.js';
export type { SlackFile } from './files.js';
