import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createJobProducer, openQueues } from '@datadrill/ops';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpInsights } from '../../apps/worker/src/repositories/insights-rollup.js';
import { type BotStack, SLACK, startBotStack } from '../support/bot-stack.js';
import { TEST_REDIS_URL } from '../support/test-queue.js';
import { waitFor } from '../support/wait-for.js';

const run = promisify(execFile);
const TEMPLATE_SID = `HX${'cd'.repeat(16)}`;

describe('my data and delete my data', () => {
  let stack: BotStack;
  let slack: NonNullable<BotStack['slack']>;
  beforeAll(async () => {
    stack = await startBotStack({
      label: 'privacy',
      mentorDesk: true,
      workerEnv: { DAILY_CHALLENGE_LIMIT: '2', TWILIO_MENTOR_ANSWER_TEMPLATE_SID: TEMPLATE_SID },
    });
    slack = stack.slack as NonNullable<BotStack['slack']>;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Every text column of every table that holds any of `needles`, as table.column. */
  async function columnsHolding(needles: readonly string[]): Promise<string[]> {
    const db = stack.database.db;
    const [columns] = (await db.raw(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
       WHERE table_schema = DATABASE() AND data_type IN ('char', 'varchar', 'text', 'mediumtext', 'longtext', 'json')`,
    )) as [Array<{ t: string; c: string }>];
    const found: string[] = [];
    for (const { t, c } of columns) {
      for (const needle of needles) {
        const [rows] = (await db.raw('SELECT COUNT(*) AS n FROM ?? WHERE ?? LIKE ?', [t, c, `%${needle}%`])) as [
          Array<{ n: number }>,
        ];
        if (Number(rows[0]?.n) > 0) found.push(`${t}.${c} holds "${needle}"`);
      }
    }
    return found;
  }

  it('says what is kept, who processes it and how to delete it', async () => {
    const learner = 'whatsapp:+27825553101';
    await stack.say(learner, 'python easy');
    const reply = await stack.say(learner, 'my data');
    expect(reply).toMatch(/2 messages you sent/);
    expect(reply).toMatch(/1 challenge sent/);
    expect(reply).toMatch(/Twilio and Meta.*Slack/s);
    expect(reply).toMatch(/delete my data/);
  });

  it('erases everything after DELETE (an open ticket and a held answer included), in MySQL, Slack and Twilio, keeping only the daily limit', async () => {
    const learner = 'whatsapp:+27825553102';
    const phone = '27825553102';
    // Everything Twilio was asked to send them (the fake forgets what is deleted).
    const sent: string[] = [];
    stack.twilio.on('message', (message) => message.to === learner && sent.push(message.body));
    const texts = ['my private question about joins', 'and a private follow-up'];
    await stack.say(learner, 'python easy');
    await stack.say(learner, 'sql easy');
    await stack.say(learner, 'answer zebra');
    // The solution read: the challenge is finished (the dashboard then counts their misses in a row).
    const [code] = await stack.database.db('learner_challenges').where({ phone, topic: 'sql' }).pluck('challenge_code');
    await stack.say(learner, `solution ${code}`);
    await stack.say(learner, `ask ${texts[0]}`);
    const ticket = await waitFor('the ticket posted', () =>
      slack.channelPosts(SLACK.channel).find((post) => post.text.includes(texts[0] ?? '')),
    );
    await stack.say(learner, texts[1] ?? '');
    await waitFor('the follow-up posted', () =>
      slack.thread(ticket.ts).some((post) => post.text.includes(texts[1] ?? '')),
    );
    // A mentor's answer that WhatsApp refuses outside the window: held for the learner's next message.
    stack.twilio.failNext({ status: 400, code: 63016, message: 'outside the allowed window' }, 1, (p) =>
      Boolean(p.Body?.includes('Use an inner join')),
    );
    await stack.slackEvent(slack.threadReply(ticket, SLACK.mentor.id, 'Use an inner join here.'));
    await waitFor('the answer held', async () => {
      const row = await stack.database.db('ticket_messages').where({ kind: 'answer', status: 'held' }).first();
      return Boolean(row);
    });

    // The school dashboard has summarised them: the summaries name them too, and are erased with the rest.
    await rollUpInsights(stack.database.db, { zone: 'UTC', now: new Date() });
    expect(await columnsHolding([phone])).toEqual(
      expect.arrayContaining([
        `insights_learner_days.phone holds "${phone}"`,
        `insights_learners.phone holds "${phone}"`,
        `insights_learner_topics.phone holds "${phone}"`,
      ]),
    );
    expect(await stack.say(learner, 'my data')).toMatch(
      /1 day of your activity summarised for your school's dashboard/,
    );

    expect(await stack.say(learner, 'delete my data')).toMatch(/Reply \*DELETE\* within 10 minutes/);
    const replies = sent.length;
    // The erasure deletes the messages at Twilio right after the confirmation: watch what was sent.
    await stack.send(learner, 'DELETE');
    await waitFor('the confirmation', () => sent.length > replies);
    await waitFor(
      'the learner erased',
      async () => !(await stack.database.db('learners').where({ phone }).first()),
      30_000,
    );
    // One confirmation, then nothing (the held answer is never sent).
    expect(sent).toHaveLength(replies + 1);
    expect(sent.at(-1)).toMatch(/your data is being erased/);

    // No column of any table holds the number, in any format, or any text they sent.
    expect(await columnsHolding([phone, '825553102', '0825553102', ...texts])).toEqual([]);
    const [erased] = await stack.database.db('consent_events').where({ event: 'erased' });
    expect(erased).toMatchObject({ phone: null });
    // Slack: the ticket and the follow-up are gone; Twilio holds none of their messages.
    expect(slack.deleted).toEqual(expect.arrayContaining([ticket.ts]));
    expect(slack.channelPosts(SLACK.channel).some((post) => post.text.includes(texts[0] ?? ''))).toBe(false);
    expect(stack.twilio.sentTo(learner)).toEqual([]);
    expect(stack.twilio.deletedSids.length).toBeGreaterThanOrEqual(replies + 1);

    // A reminder scheduled before the erasure finds nobody: nothing is written or sent.
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queues = openQueues({ connection: redis, prefix: stack.queue.prefix }, () => {});
    await createJobProducer(queues, { attempts: 1, backoffMs: 100 }).add('daily.remind', {
      phone,
      kind: 'remind',
      day: 'x',
    });
    await waitFor(
      'the reminder to run',
      async () => (await queues.daily.getCompletedCount()) > 0 || (await queues.daily.getFailedCount()) > 0,
    );
    expect(await columnsHolding([phone])).toEqual([]);
    expect(sent).toHaveLength(replies + 1);
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
    redis.disconnect();

    // Deleting is no way around the daily limit: the two challenges of today still count.
    expect(await stack.say(learner, 'python easy')).toMatch(/daily limit of 2/);
  });

  it('refuses DELETE without a recent request', async () => {
    const learner = 'whatsapp:+27825553103';
    await stack.say(learner, 'help');
    expect(await stack.say(learner, 'DELETE')).toMatch(/send \*delete my data\* first/);
  });

  it('exports one learner as JSON and erases them for the school (pnpm learner:export, learner:erase)', async () => {
    const learner = 'whatsapp:+27825553104';
    await stack.say(learner, 'statistics easy');
    const env = {
      PATH: process.env.PATH ?? '',
      ENV_FILE: '',
      NODE_ENV: 'test',
      DATABASE_URL: stack.database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: stack.queue.prefix,
      DEFAULT_COUNTRY: 'ZA',
      TWILIO_ACCOUNT_SID: stack.accountSid,
      TWILIO_AUTH_TOKEN: stack.authToken,
      TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
      TWILIO_API_URL: stack.twilio.url,
      LOG_LEVEL: 'silent',
    };
    const script = (name: string, args: string[]) =>
      run(process.execPath, ['--import', 'tsx', `apps/worker/src/scripts/${name}.ts`, ...args], { env });
    const exported = JSON.parse((await script('learner-export', ['0825553104'])).stdout);
    expect(exported.phone).toBe('+27825553104');
    expect(exported.tables.interactions).toHaveLength(1);
    expect(exported.tables.interactions[0]).toMatchObject({ keywords: 'statistics easy', outcome: 'challenge' });
    expect(exported.tables.learners).toHaveLength(1);

    expect((await script('learner-erase', ['+27825553104'])).stdout).toMatch(/erased \+27825553104/);
    expect(await columnsHolding(['27825553104', '825553104'])).toEqual([]);
    expect(stack.twilio.sentTo(learner)).toEqual([]);
  });
});
