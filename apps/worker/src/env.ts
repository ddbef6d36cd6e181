import { commonEnv, databaseEnv, isTimeZone, twilioAuthEnv } from '@datadrill/core';
import { z } from 'zod';

export const workerEnvSchema = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    ...twilioAuthEnv,
    // The WhatsApp sender replies come from, e.g. whatsapp:+14155238886 (the sandbox).
    TWILIO_WHATSAPP_FROM: z.string().regex(/^whatsapp:\+\d{6,15}$/, 'must look like whatsapp:+14155238886'),
    // Sends every Twilio REST call here instead of api.twilio.com: a fake Twilio for tests and local runs.
    TWILIO_API_URL: z.url({ protocol: /^https?$/ }).optional(),
    // The ingress's public origin: every send asks Twilio to report its fate to PUBLIC_URL/twilio/status,
    // so a message that fails after Twilio accepted it is refunded. Unset, no status callbacks.
    PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    DAILY_CHALLENGE_LIMIT: z.coerce.number().int().min(1).max(1000).default(5),
    // open: whoever writes is a learner. enrolled: only numbers on the roster (pnpm learners:import,
    // or join <code>) get content; anyone else gets one reply a day with ACCESS_FORM_URL.
    ACCESS_MODE: z.enum(['open', 'enrolled']).default('open'),
    ACCESS_FORM_URL: z.url({ protocol: /^https?$/ }).optional(),
    // An approved WhatsApp template (no variables) "your daily challenge is ready, reply GO", sent when
    // a daily challenge falls outside the 24-hour window; unset, such a day is skipped.
    TWILIO_DAILY_TEMPLATE_SID: z
      .string()
      .regex(/^HX[0-9a-fA-F]{32}$/, 'a Content SID (HX…)')
      .optional(),
    // Quiet hours in the learner's zone, e.g. 22-07: a daily challenge due inside them moves to their end.
    QUIET_HOURS: z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'hours as from-to, e.g. 22-07')
      .optional(),
    // The secret of the one-way hash an erased learner's daily limit survives under (the Twilio
    // auth token when unset).
    ERASURE_HASH_SECRET: z.string().min(16).optional(),
    // The school's privacy notice, linked from the welcome every learner gets once.
    PRIVACY_URL: z.url({ protocol: /^https?$/ }).optional(),
    // Where a learner's days (streaks) are counted when their number's country has several zones
    // and they did not choose one with `timezone Area/City`.
    SCHOOL_TIMEZONE: z
      .string()
      .default('UTC')
      .refine((zone) => isTimeZone(zone), 'an IANA time zone, e.g. Africa/Johannesburg or UTC'),
    // The weekly digest to the mentors' channel (cron, in SCHOOL_TIMEZONE): Monday 08:00 by default.
    DIGEST_CRON: z
      .string()
      .regex(/^\S+( \S+){4,5}$/, 'a cron pattern such as "0 8 * * 1" (minute hour day month weekday)')
      .default('0 8 * * 1'),
    // The school dashboard's address, linked from the digest (e.g. https://insights.school.org).
    INSIGHTS_URL: z.url({ protocol: /^https?$/ }).optional(),
    // Inbound messages handled at once by this process; most of a job is waiting on MySQL.
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(20),
    // Twilio's messages per second for the sender, shared by all worker processes together.
    TWILIO_MPS: z.coerce.number().int().min(1).max(10_000).default(80),
    // More WhatsApp senders of the school (one per country or cohort), each with its own MPS:
    // whatsapp:+27…=20,whatsapp:+44…=80 (=MPS left out: TWILIO_MPS). Learners are answered from
    // the number they wrote to; TWILIO_WHATSAPP_FROM stays the sender of anyone who never wrote.
    TWILIO_WHATSAPP_SENDERS: z
      .string()
      .default('')
      .transform((value, context) => {
        const senders: Record<string, number | undefined> = {};
        for (const part of value.split(',').map((one) => one.trim())) {
          if (!part) continue;
          const match = /^(whatsapp:\+\d{6,15})(?:=(\d{1,5}))?$/.exec(part);
          if (!match?.[1] || Number(match[2] ?? 1) < 1) {
            context.addIssue({
              code: 'custom',
              message: `"${part}" is not whatsapp:+<number> or whatsapp:+<number>=<MPS>`,
            });
            return z.NEVER;
          }
          senders[match[1]] = match[2] === undefined ? undefined : Number(match[2]);
        }
        return senders;
      }),
    // A Twilio Messaging Service (MG…) sends instead of a fixed From: a learner who wrote is answered
    // from the number they wrote to (it must be in the service's sender pool); anyone else from the
    // sender the service picks. Paced per sender, the service's own picks at TWILIO_MPS.
    TWILIO_MESSAGING_SERVICE_SID: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'a Messaging Service SID (MG…)')
      .optional(),
    // How long one Twilio REST call may take; after that its outcome is unknown and the message is
    // looked up at Twilio before any resend.
    TWILIO_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),
    // Twilio prices a message only once it is final, often minutes later: its price is first looked up
    // this long after the final status report, then at twice the wait each time, five times in all.
    TWILIO_PRICE_CHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    // Sends in flight at once per process: at ~150 ms per Twilio call, 80 MPS needs about 12.
    OUTBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
    // Stall detection. A job's lock is renewed every half lockDuration while its worker lives; if the
    // process dies, the job is re-run after the lock expires and the next stall check runs. 30 s rides
    // out long GC pauses and slow MySQL without re-running live jobs; tests lower them to recover a
    // killed worker's job in seconds. A job that stalls more than WORKER_MAX_STALLED_COUNT times fails.
    WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
    WORKER_MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(100).default(2),
    // While MySQL, Redis, Twilio or Slack is unavailable, a queue pauses and its jobs wait without
    // spending attempts; the pause doubles from 0.5 s up to this, so work resumes at most this long
    // after the outage ends.
    OUTAGE_MAX_PAUSE_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    // The outbox sweep: every OUTBOX_SWEEP_INTERVAL_MS, messages left pending or sending for longer
    // than OUTBOX_STALE_AFTER_MS (their job lost) are looked up at Twilio and queued again.
    OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    OUTBOX_STALE_AFTER_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
    // /healthz, /readyz and /metrics for the orchestrator and Prometheus; unset serves none
    // (so several workers can run side by side on one host), 0 picks a free port.
    WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    WORKER_HEALTH_HOST: z.string().default('0.0.0.0'),
    // The mentor desk (Slack app with chat:write and users:read): both set, or neither (then
    // "ask" answers that mentors are not available yet).
    SLACK_BOT_TOKEN: z.string().min(1).optional(),
    SLACK_MENTOR_CHANNEL: z
      .string()
      .regex(/^#?[\w.-]{1,80}$/, 'a channel id such as C0123456789 (channel details → About)')
      .optional(),
    // Sends every Slack Web API call here instead of https://slack.com/api/: a fake Slack for tests.
    SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
    // Signs the links through which Twilio fetches a mentor's image or PDF from the ingress
    // (GET /media/slack/…): the same value on the ingress. Unset, a key derived from
    // TWILIO_AUTH_TOKEN is used; set it in production so rotating that token does not matter here.
    MEDIA_URL_SECRET: z.string().min(16).optional(),
    MENTOR_MAX_OPEN_TICKETS: z.coerce.number().int().min(1).max(100).default(3),
    // An unanswered ticket is bumped in the channel after this long, and again each time as long.
    MENTOR_BUMP_AFTER_MINUTES: z.coerce.number().positive().max(10_080).default(60),
    // An approved WhatsApp template (Content API, no variables) saying "your mentor answered, reply
    // OPEN to read it", sent when an answer falls outside the 24-hour window. Unset, the answer waits.
    TWILIO_MENTOR_ANSWER_TEMPLATE_SID: z
      .string()
      .regex(/^HX[0-9a-fA-F]{32}$/, 'a Content SID (HX…)')
      .optional(),
    // Buttons and lists under replies, through Content API templates the bot creates once (off: text only).
    WHATSAPP_BUTTONS: z.enum(['on', 'off']).default('on'),
    // ContentSids to use instead of creating the bot's templates, e.g. datadrill_buttons_3_v1=HX…,datadrill_list_4_v1=HX….
    TWILIO_CONTENT_SIDS: z
      .string()
      .default('')
      .transform((value, context) => {
        const pairs = value
          .split(',')
          .map((pair) => pair.trim())
          .filter(Boolean);
        const sids: Record<string, string> = {};
        for (const pair of pairs) {
          const [name = '', sid = ''] = pair.split('=').map((part) => part.trim());
          if (!/^[a-z0-9_]+$/.test(name) || !/^HX[0-9a-fA-F]{32}$/.test(sid)) {
            context.addIssue({ code: 'custom', message: `"${pair}" is not friendly_name=HX…` });
            return z.NEVER;
          }
          sids[name] = sid;
        }
        return sids;
      }),
  })
  .superRefine((env, context) => {
    if (Boolean(env.SLACK_BOT_TOKEN) !== Boolean(env.SLACK_MENTOR_CHANNEL)) {
      context.addIssue({
        code: 'custom',
        path: [env.SLACK_BOT_TOKEN ? 'SLACK_MENTOR_CHANNEL' : 'SLACK_BOT_TOKEN'],
        message: 'the mentor desk needs both SLACK_BOT_TOKEN and SLACK_MENTOR_CHANNEL',
      });
    }
  });

export type WorkerEnv = z.output<typeof workerEnvSchema>;
