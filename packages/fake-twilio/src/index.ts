export type { ContentResource, RenderedContent } from './content-api.js';
export { FakeTwilio, type FakeTwilioOptions, type Fault, type SentMessage } from './fake-twilio.js';
export type { FakeMedia, FetchedMedia, HeldMedia } from './media.js';
export { inboundParams, postWebhook, signWebhook } from './webhook.js';
