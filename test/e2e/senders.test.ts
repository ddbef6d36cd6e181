import { createJobProducer, openQueues } from '@datadrill/ops';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_NUMBER, type BotStack, startBotStack } from '../support/bot-stack.js';
import { TEST_REDIS_URL } from '../support/test-queue.js';
import { waitFor } from '../support/wait-for.js';

const SOUTH_AFRICA = 'whatsapp:+27600000001';
const UK = 'whatsapp:+447700900002';
const SERVICE = `MG${'5e'.repeat(16)}`;
// Short locks so a killed worker's job is taken over in seconds.
const STALLS = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };

describe('several WhatsApp senders', () => {
  let stack: BotStack;
  let redis: Redis;
  beforeAll(async () => {
    stack = await startBotStack({
      label: 'senders',
      workerEnv: { TWILIO_WHATSAPP_SENDERS: `${SOUTH_AFRICA}=20,${UK}` },
    });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  it('answers every learner from the sender they wrote to, and remembers it for scheduled sends', async () => {
    const [thandi, oliver, ana] = ['whatsapp:+27825558001', 'whatsapp:+447700900101', 'whatsapp:+27825558003'];
    await stack.say(thandi, 'hi', { To: SOUTH_AFRICA });
    await stack.say(oliver, 'python easy', { To: UK });
    await stack.say(ana, 'hi');
    expect(stack.repliesTo(thandi).map((reply) => reply.from)).toEqual([SOUTH_AFRICA]);
    expect(stack.repliesTo(oliver).map((reply) => reply.from)).toEqual([UK]);
    expect(stack.repliesTo(ana).map((reply) => reply.from)).toEqual([BOT_NUMBER]);
    const rows = await stack.database.db('outbound_messages').whereIn('to_address', [thandi, oliver]).orderBy('id');
    expect(rows.map((row) => row.from_address)).toEqual([SOUTH_AFRICA, UK]);
    const learner = await stack.database.db('learners').where({ phone: '27825558001' }).first();
    expect(learner.sender_address).toBe(SOUTH_AFRICA);

    // A daily send (the learner's scheduler firing) goes from the sender they last wrote to.
    expect(await stack.say(thandi, 'daily 07:30', { To: SOUTH_AFRICA })).toMatch(/every day at 07:30/);
    const queues = openQueues({ connection: redis, prefix: stack.queue.prefix }, () => {});
    await createJobProducer(queues, { attempts: 3, backoffMs: 100 }).add('daily.send', {
      phone: '27825558001',
      kind: 'daily',
    });
    const daily = (await stack.waitForReplies(thandi, 3))[2];
    expect(daily?.from).toBe(SOUTH_AFRICA);
    await Promise.all(Object.values(queues).map((queue) => queue.close()));

    // Writing to another of the school's numbers moves them there.
    await stack.say(thandi, 'help', { To: UK });
    expect(stack.repliesTo(thandi).at(-1)?.from).toBe(UK);
  });
});

describe('a Twilio Messaging Service', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await startBotStack({
      label: 'msgsvc',
      workerEnv: { TWILIO_MESSAGING_SERVICE_SID: SERVICE, TWILIO_WHATSAPP_SENDERS: SOUTH_AFRICA, ...STALLS },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('sends through the service, From the number the learner wrote to', async () => {
    const learner = 'whatsapp:+27825558101';
    await stack.say(learner, 'hi', { To: SOUTH_AFRICA });
    const [reply] = stack.repliesTo(learner);
    expect(reply).toMatchObject({ messagingServiceSid: SERVICE, from: SOUTH_AFRICA, pickedByService: false });
  });

  it('lets the service pick the sender when the learner named none, and finds that message after a crash', async () => {
    const learner = 'whatsapp:+27825558102';
    // An inbound without To (as some tools post it): nothing to answer from, so the service picks.
    // Twilio answers slowly and the worker is killed mid-call: the next one must find the message
    // by what Twilio recorded (the service, not a From) and not send it again.
    stack.twilio.setLatency(1500);
    await stack.send(learner, 'hi', { To: '' });
    await waitFor('the reply to be claimed', async () => {
      const row = await stack.database.db('outbound_messages').where({ to_address: learner }).first();
      return row?.status === 'sending';
    });
    await stack.workers[0]?.stop('SIGKILL');
    stack.twilio.setLatency(0);
    await stack.addWorker(STALLS);
    await waitFor(
      'the reply settled',
      async () => {
        const row = await stack.database.db('outbound_messages').where({ to_address: learner }).first();
        return row?.status === 'sent';
      },
      30_000,
    );
    expect(stack.repliesTo(learner)).toHaveLength(1);
    const [reply] = stack.repliesTo(learner);
    expect(reply).toMatchObject({ messagingServiceSid: SERVICE, pickedByService: true });
    const [row] = await stack.database.db('outbound_messages').where({ to_address: learner });
    expect(row).toMatchObject({ from_address: null, status: 'sent', twilio_sid: reply?.sid });
  });
});
