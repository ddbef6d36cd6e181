import { createLogger, dailyScheduler, eraseLearner, loadEnvOrExit, QueueName } from '@datadrill/core';
import { connectRedis, queueOptions } from '@datadrill/ops';
import { Queue } from 'bullmq';
import { z } from 'zod';
import { createSlackChannel } from '../adapters/slack/slack-channel.js';
import { createTwilioMedia } from '../adapters/twilio/twilio-media.js';
import { createTwilioClient, createTwilioMessenger } from '../adapters/twilio/twilio-messenger.js';
import { workerEnvSchema } from '../env.js';
import { quotaKeyer } from '../privacy/quota-key.js';
import { connectDatabase } from '../repositories/connect.js';
import { createPrivacyRepository } from '../repositories/privacy-repository.js';
import { countryEnv, phoneArgument } from './learner-arguments.js';

// pnpm learner:erase <phone>: erases one learner for the school, as `delete my data` does (without
// the WhatsApp confirmation): Slack posts, messages at Twilio, every row in MySQL.
const env = loadEnvOrExit(workerEnvSchema.and(z.object(countryEnv)));
const phone = phoneArgument('learner:erase', env.DEFAULT_COUNTRY);
const db = connectDatabase(env.DATABASE_URL, { min: 0, max: 1 });
const log = createLogger({ name: 'erase', level: env.LOG_LEVEL });
try {
  const twilio = {
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    from: env.TWILIO_WHATSAPP_FROM,
    apiUrl: env.TWILIO_API_URL,
  };
  const messenger = createTwilioMessenger(twilio);
  const media = createTwilioMedia(twilio, createTwilioClient(twilio));
  const channel =
    env.SLACK_BOT_TOKEN && env.SLACK_MENTOR_CHANNEL
      ? createSlackChannel({ token: env.SLACK_BOT_TOKEN, channel: env.SLACK_MENTOR_CHANNEL, apiUrl: env.SLACK_API_URL })
      : undefined;
  await eraseLearner(
    {
      store: createPrivacyRepository(db),
      deleteMessage: (sid) => messenger.deleteMessage(sid),
      deletePost: channel && ((ts) => channel.remove(ts)),
      deleteMedia: (url) => media.remove(url),
      deleteSlackFile: channel && ((fileId) => channel.removeFile(fileId)),
      quotaKey: quotaKeyer(env.ERASURE_HASH_SECRET ?? env.TWILIO_AUTH_TOKEN),
      now: () => new Date(),
      log,
    },
    phone,
    { waitForUnsent: false },
  );
  // Nothing scheduled for them either.
  const redis = connectRedis(env, 'worker', { maxRetriesPerRequest: 1 });
  const daily = new Queue(
    QueueName.daily,
    queueOptions({ connection: redis, prefix: env.QUEUE_PREFIX }, QueueName.daily),
  );
  const ref = quotaKeyer(env.ERASURE_HASH_SECRET ?? env.TWILIO_AUTH_TOKEN)(phone).slice(0, 24);
  await daily.removeJobScheduler(dailyScheduler(phone, ref).schedulerId).catch(() => false);
  await daily.close();
  redis.disconnect();
  console.log(`erased +${phone}`);
} finally {
  await db.destroy();
}
