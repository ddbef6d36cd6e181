import { describe, expect, it } from 'vitest';
import { INTERACTION_TRANSITIONS, type InteractionStatus, type Outcome } from '../learning/interaction.js';
import { PermanentDeliveryError, TransientDeliveryError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { applyDeliveryReport } from './delivery-report.js';
import type { DeliveryDeps, Messenger, OutboundMessage, OutboundStore } from './ports.js';
import { sendOutbound } from './send-outbound.js';
import { afterMove, isUnsent, type OutboundMove, type OutboundStatus } from './states.js';

interface Row {
  id: number;
  interactionId: number | null;
  status: OutboundStatus;
  sid: string | null;
  body: string;
}
interface InteractionRow {
  outcome: Outcome;
  status: InteractionStatus;
  counted: boolean;
}

/** The outbound and interaction tables in memory, moved only as the core's tables allow. */
function memoryStore(rows: Row[], interactions: Map<number, InteractionRow>) {
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
      body: row.body,
      contentSid: null,
      challenge: interaction?.outcome === 'challenge' ? { topic: 'python', difficulty: 'easy' } : null,
      sole: rows.filter((r) => r.interactionId === row.interactionId).length === 1,
      status: row.status,
      updatedAt: new Date(0),
    };
  };
  const notices: string[] = [];
  const store: OutboundStore = {
    async claim(id) {
      const claimed = moveRow(id, 'claim');
      const row = rows.find((r) => r.id === id);
      return row && { message: read(row), claimed };
    },
    claimKnown: async (id) => moveRow(id, 'claim'),
    release: async (id) => void moveRow(id, 'release'),
    async markSent(message, sid) {
      moveRow(message.id, 'sent', { sid });
      const interaction = message.interactionId === null ? undefined : interactions.get(message.interactionId);
      const parts = rows.filter((r) => r.interactionId === message.interactionId);
      const { delivered } = INTERACTION_TRANSITIONS;
      if (!interaction || !(delivered.from as readonly string[]).includes(interaction.status)) return false;
      if (parts.some((part) => isUnsent(part.status))) return false;
      interaction.status = delivered.to(interaction.outcome);
      return true;
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
  };
  return { store, notices };
}

function setup(
  options: {
    parts?: number;
    outcome?: Outcome;
    status?: OutboundStatus;
    send?: Messenger['send'];
    found?: string;
  } = {},
) {
  const rows: Row[] = Array.from({ length: options.parts ?? 1 }, (_, i) => ({
    id: i + 1,
    interactionId: 10,
    status: options.status ?? 'pending',
    sid: null,
    body: `part ${i + 1}`,
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
  const { store, notices } = memoryStore(rows, interactions);
  const sends: string[] = [];
  const queued: number[] = [];
  const delivered: unknown[] = [];
  const deps: DeliveryDeps = {
    store,
    outbox: {
      enqueue: async (ids) => void queued.push(...ids),
      enqueueMessages: async (jobs) => void queued.push(...jobs.map((job) => job.outboundId)),
    },
    messenger: {
      send:
        options.send ??
        (async (message) => {
          sends.push(message.body);
          return { sid: `SM${sends.length}` };
        }),
      findSent: async () => options.found,
    },
    onChallengeDelivered: (challenge) => delivered.push(challenge),
    log: createLogger({ name: 'test', level: 'silent' }),
  };
  return { deps, rows, interaction: interactions.get(10), sends, queued, notices, delivered };
}

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

  it.each([
    ['the last transient failure', new TransientDeliveryError('Twilio 503'), final],
    ['a permanent refusal', new PermanentDeliveryError('Twilio 400 (code 21211)', 21211), notFinal],
  ])('after %s: failed, not counted, and the learner told once', async (_, error, attempt) => {
    const run = setup({ send: async () => Promise.reject(error) });
    await sendOutbound(run.deps, { outboundId: 1 }, attempt);
    expect(run.rows[0]?.status).toBe('failed');
    expect(run.interaction).toMatchObject({ status: 'failed', counted: false });
    expect(run.notices).toEqual([expect.stringContaining("couldn't deliver")]);
    expect(run.queued).toEqual([1001]);
  });

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
    body: 'part 1',
    contentSid: null,
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
    await applyDeliveryReport(run.deps, { messageSid: 'SM1', status: 'undelivered', errorCode: 63016 });
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
