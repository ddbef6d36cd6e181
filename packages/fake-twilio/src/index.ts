export { FakeTwilio, type FakeTwilioOptions, type Fault, type SentMessage } from './fake-twilio.js';
export { inboundParams, postWebhook, signWebhook } from './webhook.js';
