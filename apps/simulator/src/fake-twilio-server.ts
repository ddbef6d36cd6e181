import { loadDotEnv, loadEnvOrExit, maskPhone } from '@datadrill/core';
import { FakeTwilio } from '@datadrill/fake-twilio';
import { simulatorEnvSchema } from './env.js';

/** Runs the fake Twilio REST API the worker sends to in local mode, printing what it receives. */
loadDotEnv();
const env = loadEnvOrExit(simulatorEnvSchema);
const fake = await new FakeTwilio({
  accountSid: env.TWILIO_ACCOUNT_SID,
  authToken: env.TWILIO_AUTH_TOKEN,
  host: env.FAKE_TWILIO_HOST,
  port: env.FAKE_TWILIO_PORT,
}).start();
fake.on('message', (message) => {
  const firstLine = message.body.split('\n')[0] ?? '';
  console.log(`fake Twilio → ${maskPhone(message.to)}: ${firstLine}`);
});
console.log(`fake Twilio API listening at ${fake.url}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => void fake.close().then(() => process.exit(0)));
