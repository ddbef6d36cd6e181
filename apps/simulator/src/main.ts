import { loadDotEnv, loadEnvOrExit } from '@datadrill/core';
import { FakeTwilio } from '@datadrill/fake-twilio';
import { followBot } from './bot-messages.js';
import { Conversation } from './conversation.js';
import { simulatorEnvSchema } from './env.js';
import { startLocalMentorDesk } from './mentor-desk.js';
import { simulatedPhones } from './phone.js';
import { PhoneFiles } from './phone-files.js';
import { buildSimulator } from './server.js';

/** Local mode: the fake Twilio (and Slack) API the worker talks to, and the page that shows it all. */
loadDotEnv();
const env = loadEnvOrExit(simulatorEnvSchema);
const conversation = new Conversation();
const twilio = await new FakeTwilio({
  accountSid: env.TWILIO_ACCOUNT_SID,
  authToken: env.TWILIO_AUTH_TOKEN,
  host: env.FAKE_TWILIO_HOST,
  port: env.FAKE_TWILIO_PORT,
}).start();
// The bot's media links are on its PUBLIC_URL; the fake Twilio fetches them where the ingress listens.
if (env.INGRESS_URL) twilio.media.routeHost(env.PUBLIC_URL, env.INGRESS_URL);
followBot(twilio, conversation);
const phones = simulatedPhones({ env, conversation, twilio });
const mentorDesk = await startLocalMentorDesk(env);
const app = await buildSimulator(env, { conversation, phones, files: new PhoneFiles(), mentorDesk });
const url = await app.listen({ host: env.SIMULATOR_HOST, port: env.SIMULATOR_PORT });
app.log.info(`fake Twilio API listening at ${twilio.url}`);
if (mentorDesk) app.log.info(`fake Slack API listening at ${mentorDesk.slack.apiUrl}`);
app.log.info(`simulator ready: open ${url}/`);
console.log(`\n  💬 Chat with the bot at ${url}/  (or in a terminal: pnpm chat +15550001111)\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(
    signal,
    () => void Promise.all([app.close(), twilio.close(), mentorDesk?.slack.close()]).then(() => process.exit(0)),
  );
}
