import { describe, expect, it } from 'vitest';
import type { OutboundJob } from '../jobs/catalog.js';
import { INTERACTION_TRANSITIONS, type InteractionStatus, type Outcome } from '../learning/interaction.js';
import { PermanentDeliveryError, TransientDeliveryError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { applyDeliveryReport } from './delivery-report.js';
import { sweepOutbox } from './outbox-sweep.js';
import type { DeliveryDeps, EarlyReport, Messenger, OutboundMessage, OutboundStore } from './ports.js';
import { inOrder, sendOutbound } from './send-outbound.js';
import { afterMove, isUnsent, type OutboundMove, type OutboundStatus } from './states.js';

interface Row {
  id: number;
  interactionId: number | null;
  status: OutboundStatus;
  sid: string | null;
  body: string;
  createdAt?: Date;
  updatedAt?: Date;
  initiatedBy?: 'learner' | 'bot';
}
interface InteractionRow {
  outcome: Outcome;
  status: InteractionStatus;
  counted: boolean;
}

/** The outbound and interaction tables in memory, moved only as the core's tables allow. */
function memoryStore(rows: Row[], interactions: Map<number, InteractionRow>, optedOut: Set<string> = new Set()) {
  const moveRow = (id: number, move: OutboundMove, set: Partial<Row> = {}) => {
    const row = rows.find((r) => r.id === id);
    const next = row && afterMove(row.status, move);
    if (!row || !next) return false;
    Object.assign(row, set, { status: next });
    return true;
  };
  const read = (row: Row): OutboundMessage => {
    const interaction = row.interactionId === null ? undefined : interactions.get(row.interactionId);
    return {
      id: row.id,
      interactionId: row.interactionId,
      outcome: interaction?.outcome ?? null,
      answerId: null,
      to: 'whatsapp:+27825550101',
      from: null,
      body: row.body,
      contentSid: null,
      actions: null,
      mediaUrl: null,
      challenge: interaction?.outcome === 'challenge' ? { topic: 'python', difficulty: 'easy' } : null,
      sole: rows.filter((r) => r.interactionId === row.interactionId).length === 1,
      status: row.status,
      updatedAt: row.updatedAt ?? new Date(0),
      createdAt: row.createdAt ?? new Date(0),
      initiatedBy: row.initiatedBy ?? 'learner',
      recipientOptedOut: optedOut.has('whatsapp:+27825550101'),
    };
  };
  /** The claim refuses a message the bot starts for a learner who opted out. */
  const claimRow = (id: number) => {
    const row = rows.find((r) => r.id === id);
    if (row?.initiatedBy === 'bot' && optedOut.has('whatsapp:+27825550101')) return false;
    return moveRow(id, 'claim');
  };
  const notices: string[] = [];
  const early = new Map<string, EarlyReport>();
  const store: OutboundStore = {
    async claim(id) {
      const claimed = claimRow(id);
      const row = rows.find((r) => r.id === id);
      return row && { message: read(row), claimed };
    },
    claimKnown: async (id) => claimRow(id),
    release: async (id) => void moveRow(id, 'release'),
    async markSent(message, sid) {
      moveRow(message.id, 'sent', { sid });
      const interaction = message.interactionId === null ? undefined : interactions.get(message.interactionId);
      const parts = rows.filter((r) => r.interactionId === message.interactionId);
      const { delivered } = INTERACTION_TRANSITIONS;
      const outcome = (settled: boolean) => ({ settled, early: early.get(sid) });
      if (!interaction || !(delivered.from as readonly string[]).includes(interaction.status)) return outcome(false);
      if (parts.some((part) => isUnsent(part.status))) return outcome(false);
      interaction.status = delivered.to(interaction.outcome);
      return outcome(true);
    },
    markFailed: async (id) => void moveRow(id, 'failed'),
    async failInteraction(id) {
      const interaction = interactions.get(id);
      const { failed } = INTERACTION_TRANSITIONS;
      if (!interaction || !(failed.from as readonly string[]).includes(interaction.status)) return false;
      const counted = interaction.counted;
      Object.assign(interaction, { status: failed.to(), counted: false });
      return counted;
    },
    findBySid: async (sid) => {
      const row = rows.find((r) => r.sid === sid);
      return row && read(row);
    },
    markHandsetDelivered: async (id) => void moveRow(id, 'delivered'),
    async createNotice(_to, body) {
      notices.push(body);
      return 1000 + notices.length;
    },
    stale: async (before) => rows.filter((r) => isUnsent(r.status) && (r.updatedAt ?? new Date(0)) < before).map(read),
    keepEarlyReport: async (report) => void early.set(report.messageSid, report),
    optOut: async (to) => void optedOut.add(to),
    forgetEarlyReports: async () => early.clear(),
  };
  return { store, notices, early, optedOut };
}

function setup(
  options: {
    parts?: number;
    outcome?: Outcome;
    status?: OutboundStatus;
    send?: Messenger['send'];
    found?: string;
    createdAt?: Date;
    updatedAt?: Date;
    queued?: boolean;
    initiatedBy?: 'learner' | 'bot';
    optedOut?: boolean;
  } = {},
) {
  const rows: Row[] = Array.from({ length: options.parts ?? 1 }, (_, i) => ({
    id: i + 1,
    interactionId: 10,
    status: options.status ?? 'pending',
    sid: null,
    body: `part ${i + 1}`,
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    ...(options.initiatedBy ? { initiatedBy: options.initiatedBy } : {}),
    ...(options.updatedAt ? { updatedAt: options.updatedAt } : {}),
  }));
  const interactions = new Map([
    [
      10,
      {
        outcome: options.outcome ?? 'challenge',
        status: 'pending' as InteractionStatus,
        counted: options.outcome !== 'menu',
      },
    ],
  ]);
  const { store, notices, early, optedOut } = memoryStore(
    rows,
    interactions,
    new Set(options.optedOut ? ['whatsapp:+27825550101'] : []),
  );
  const sends: string[] = [];
  const queued: number[] = [];
  const chained: OutboundJob[] = [];
  const delivered: unknown[] = [];
  const deps: DeliveryDeps = {
    store,
    outbox: {
      enqueue: async (ids) => void queued.push(...ids),
      enqueueMessages: async (jobs) => {
        queued.push(...jobs.map((job) => job.outboundId));
        chained.push(...jobs);
      },
      requeue: async (id) => {
        if (options.queued) return 'already queued';
        queued.push(id);
        return 'queued';
      },
    },
    messenger: {
      send:
        options.send ??
        (async (message) => {
          sends.push(message.body);
          return { sid: `SM${sends.length}` };
        }),
      findSent: async () => options.found,
      deleteMessage: async () => {},
    },
    onChallengeDelivered: (challenge) => delivered.push(challenge),
    clock: { now: () => NOW },
    log: createLogger({ name: 'test', level: 'silent' }),
  };
  return { deps, rows, interaction: interactions.get(10), sends, queued, chained, notices, delivered, early, optedOut };
}

const NOW = new Date('2026-12-01T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const final = { final: true };
const notFinal = { final: false };

describe('sendOutbound', () => {
  it.each<[Outcome, InteractionStatus]>([
    ['challenge', 'sent'],
    ['menu', 'sent'],
    ['limited', 'limited'],
  ])('sends a one-message %s reply once and settles its interaction as %s', async (outcome, status) => {
    const run = setup({ outcome });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(run.sends).toEqual(['part 1']);
    expect(run.rows[0]).toMatchObject({ status: 'sent', sid: 'SM1' });
    expect(run.interaction?.status).toBe(status);
    expect(run.delivered).toHaveLength(outcome === 'challenge' ? 1 : 0);
  });

  it('settles a reply of several parts only once no part is left unsent', async () => {
    const run = setup({ parts: 3 });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    await sendOutbound(run.deps, { outboundId: 3 }, notFinal);
    expect(run.interaction?.status).toBe('pending');
    await sendOutbound(run.deps, { outboundId: 2 }, notFinal);
    expect(run.interaction?.status).toBe('sent');
    expect(run.delivered).toHaveLength(1);
  });

  it('releases a message Twilio did not accept, for the queue to retry', async () => {
    const run = setup({ send: async () => Promise.reject(new TransientDeliveryError('Twilio 503')) });
    await expect(sendOutbound(run.deps, { outboundId: 1 }, notFinal)).rejects.toThrow('Twilio 503');
    expect(run.rows[0]?.status).toBe('pending');
    expect(run.interaction?.status).toBe('pending');
  });

  it('releases a refusal that proves nothing was accepted even on the last attempt: the job waits, it does not fail', async () => {
    const run = setup({ send: async () => Promise.reject(new TransientDeliveryError('Twilio 429')) });
    await expect(sendOutbound(run.deps, { outboundId: 1 }, final)).rejects.toThrow('Twilio 429');
    expect(run.rows[0]?.status).toBe('pending');
    expect(run.notices).toEqual([]);
  });

  it.each([
    ['a 5xx', new TransientDeliveryError('Twilio 500', { mayHaveBeenAccepted: true })],
    ['a timeout', new TransientDeliveryError('network: ECONNABORTED', { mayHaveBeenAccepted: true })],
    ['an error of unknown kind', new Error('socket hang up')],
  ])('keeps the claim after %s (Twilio may have it) and looks it up before sending again', async (_, error) => {
    let calls = 0;
    const run = setup({
      send: async () => {
        calls++;
        throw error;
      },
      found: 'SMaccepted',
    });
    await expect(sendOutbound(run.deps, { outboundId: 1 }, notFinal)).rejects.toThrow(error.message);
    expect(run.rows[0]?.status).toBe('sending');
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(calls).toBe(1);
    expect(run.rows[0]).toMatchObject({ status: 'sent', sid: 'SMaccepted' });
    expect(run.interaction?.status).toBe('sent');
  });

  it('does not release a message whose send succeeded when recording the SID fails', async () => {
    const run = setup();
    run.deps.store.markSent = async () => Promise.reject(new Error('MySQL went away'));
    await expect(sendOutbound(run.deps, { outboundId: 1 }, notFinal)).rejects.toThrow('MySQL went away');
    expect(run.rows[0]?.status).toBe('sending');
  });

  it.each([
    ['the message (21617 too long)', 21617, 1],
    ['the recipient (21211 invalid number)', 21211, 0],
    ['the recipient (21610 unsubscribed)', 21610, 0],
    ['the recipient (63016 outside the window)', 63016, 0],
  ])(
    'after a permanent refusal of %s: failed, not counted, the learner told only where they can be',
    async (_, code, told) => {
      const run = setup({
        send: async () => Promise.reject(new PermanentDeliveryError(`Twilio 400 (code ${code})`, code)),
      });
      await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
      expect(run.rows[0]?.status).toBe('failed');
      expect(run.interaction).toMatchObject({ status: 'failed', counted: false });
      expect(run.notices).toHaveLength(told);
      expect(run.queued).toEqual(told ? [1001] : []);
    },
  );

  it('does not send again what a run that died had sent: Twilio has it', async () => {
    const run = setup({ status: 'sending', found: 'SMearlier' });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(run.sends).toEqual([]);
    expect(run.rows[0]).toMatchObject({ status: 'sent', sid: 'SMearlier' });
    expect(run.interaction?.status).toBe('sent');
  });

  it('sends what a run that died had claimed but Twilio never got', async () => {
    const run = setup({ status: 'sending' });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(run.sends).toEqual(['part 1']);
  });

  it.each<OutboundStatus>(['sent', 'delivered', 'failed'])('leaves a message already %s', async (status) => {
    const run = setup({ status });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(run.sends).toEqual([]);
    expect(run.rows[0]?.status).toBe(status);
  });
});

describe('sendOutbound: a reply whose job carries its message', () => {
  const message = {
    interactionId: 10,
    outcome: 'challenge' as const,
    answerId: null,
    to: 'whatsapp:+27825550101',
    from: null,
    body: 'part 1',
    contentSid: null,
    actions: null,
    mediaUrl: null,
    challenge: { topic: 'python' as const, difficulty: 'easy' as const },
    sole: true,
  };

  it('claims with one write and sends what the job carries', async () => {
    const run = setup();
    await sendOutbound(run.deps, { outboundId: 1, message }, notFinal);
    expect(run.sends).toEqual(['part 1']);
    expect(run.rows[0]).toMatchObject({ status: 'sent', sid: 'SM1' });
    expect(run.interaction?.status).toBe('sent');
  });

  it('finds the claim of a run that died and asks Twilio before sending again', async () => {
    const run = setup({ status: 'sending', found: 'SMearlier' });
    await sendOutbound(run.deps, { outboundId: 1, message }, notFinal);
    expect(run.sends).toEqual([]);
    expect(run.rows[0]).toMatchObject({ status: 'sent', sid: 'SMearlier' });
  });

  it("queues a reply's next message once this one is settled, carrying the rest, and again on a re-run", async () => {
    const run = setup();
    const job = inOrder([
      { outboundId: 1, message },
      { outboundId: 2, message: { ...message, body: 'part 2' } },
      { outboundId: 3, message: { ...message, body: 'part 3' } },
    ])[0];
    if (!job) throw new Error('no job');
    await sendOutbound(run.deps, job, notFinal);
    expect(run.sends).toEqual(['part 1']);
    expect(run.chained.map((next) => [next.outboundId, next.later?.map((after) => after.outboundId)])).toEqual([
      [2, [3]],
    ]);
    // Run again (its process died after sending): nothing is sent twice, the next is queued again.
    await sendOutbound(run.deps, job, notFinal);
    expect(run.sends).toEqual(['part 1']);
    expect(run.chained.map((next) => next.outboundId)).toEqual([2, 2]);
  });

  it('leaves a message already sent', async () => {
    const run = setup({ status: 'sent' });
    await sendOutbound(run.deps, { outboundId: 1, message }, notFinal);
    expect(run.sends).toEqual([]);
  });
});

describe('applyDeliveryReport', () => {
  it('confirms a delivered message and undoes one WhatsApp refused after Twilio accepted it', async () => {
    const run = setup();
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    await applyDeliveryReport(run.deps, { messageSid: 'SM1', status: 'delivered' });
    expect(run.rows[0]?.status).toBe('delivered');
    await applyDeliveryReport(run.deps, { messageSid: 'SM1', status: 'undelivered', errorCode: 30008 });
    expect(run.rows[0]?.status).toBe('failed');
    expect(run.interaction).toMatchObject({ status: 'failed', counted: false });
    expect(run.notices).toHaveLength(1);
    // Twilio reports the same failure twice: the learner is told once.
    await applyDeliveryReport(run.deps, { messageSid: 'SM1', status: 'failed' });
    expect(run.notices).toHaveLength(1);
  });

  it('ignores a report for a message it never sent', async () => {
    const run = setup();
    await applyDeliveryReport(run.deps, { messageSid: `SM${'f'.repeat(32)}`, status: 'failed' });
    expect(run.rows[0]?.status).toBe('pending');
  });
});

describe('applyDeliveryReport: a failure that overtakes the SID', () => {
  it('is kept, and applied when the SID is stored: refunded and the learner told once', async () => {
    const run = setup();
    await applyDeliveryReport(run.deps, { messageSid: 'SM1', status: 'failed', errorCode: 30008 });
    expect(run.early.get('SM1')).toMatchObject({ status: 'failed' });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(run.rows[0]).toMatchObject({ status: 'failed', sid: 'SM1' });
    expect(run.interaction).toMatchObject({ status: 'failed', counted: false });
    expect(run.notices).toHaveLength(1);
  });

  it('keeps nothing for a delivered report it cannot place', async () => {
    const run = setup();
    await applyDeliveryReport(run.deps, { messageSid: 'SM1', status: 'delivered' });
    expect(run.early.size).toBe(0);
  });
});

describe('sweepOutbox', () => {
  const settings = { staleAfterMs: 5 * 60_000, giveUpAfterMs: 24 * 60 * 60_000 };

  it('queues again a message whose job was lost, and leaves a fresh one alone', async () => {
    const stale = setup({ updatedAt: minutesAgo(10), createdAt: minutesAgo(10) });
    await sweepOutbox(stale.deps, settings);
    expect(stale.queued).toEqual([1]);
    const fresh = setup({ updatedAt: minutesAgo(1), createdAt: minutesAgo(1) });
    await sweepOutbox(fresh.deps, settings);
    expect(fresh.queued).toEqual([]);
  });

  it('settles a message left sending that Twilio has, without queueing it', async () => {
    const run = setup({ status: 'sending', found: 'SMaccepted', updatedAt: minutesAgo(10) });
    await sweepOutbox(run.deps, settings);
    expect(run.rows[0]).toMatchObject({ status: 'sent', sid: 'SMaccepted' });
    expect(run.interaction?.status).toBe('sent');
    expect(run.queued).toEqual([]);
  });

  it('releases and queues a message left sending that Twilio never got', async () => {
    const run = setup({ status: 'sending', updatedAt: minutesAgo(10), createdAt: minutesAgo(10) });
    await sweepOutbox(run.deps, settings);
    expect(run.rows[0]?.status).toBe('pending');
    expect(run.queued).toEqual([1]);
  });

  it('refunds a message never sent within the window and tells the learner', async () => {
    const run = setup({ updatedAt: minutesAgo(25 * 60), createdAt: minutesAgo(25 * 60) });
    await sweepOutbox(run.deps, settings);
    expect(run.rows[0]?.status).toBe('failed');
    expect(run.interaction).toMatchObject({ status: 'failed', counted: false });
    expect(run.notices).toHaveLength(1);
  });
});

describe('sendOutbound: consent, enforced where messages leave', () => {
  it('never sends a message the bot started to a learner who opted out, and refunds what it counted', async () => {
    const run = setup({ initiatedBy: 'bot', optedOut: true });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(run.sends).toEqual([]);
    expect(run.rows[0]?.status).toBe('failed');
    expect(run.interaction).toMatchObject({ status: 'failed', counted: false });
    expect(run.notices).toEqual([]);
  });

  it('still answers a learner who opted out and then wrote: they started the conversation', async () => {
    const run = setup({ initiatedBy: 'learner', optedOut: true });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(run.sends).toEqual(['part 1']);
  });

  it("records Twilio's 21610 (unsubscribed) as the learner's opt-out, and tells them nothing", async () => {
    const run = setup({
      send: async () => Promise.reject(new PermanentDeliveryError('Twilio 400 (code 21610)', 21610)),
    });
    await sendOutbound(run.deps, { outboundId: 1 }, notFinal);
    expect(run.optedOut.has('whatsapp:+27825550101')).toBe(true);
    expect(run.notices).toEqual([]);
  });
});
