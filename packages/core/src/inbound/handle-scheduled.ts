import type { DailySendJob } from '../jobs/catalog.js';
import { learnerTimeZone, localDay } from '../learning/coach/timezone.js';
import type { Command } from '../learning/commands/command.js';
import { decide, snapshotRequest } from '../learning/decide.js';
import { maskPhone } from '../shared/phone.js';
import { afterTurn, decideRules, replyJobs } from './handle-inbound.js';
import type { InboundDeps } from './ports.js';

/**
 * A learner's scheduled send (the daily challenge, a streak reminder): a turn of its own, under the
 * learner's lock like a message, recorded once per learner and local day (a scheduler that fires
 * twice, or a retry, finds it recorded). What it sends is the bot's own: never to an opted-out learner.
 */
export async function handleScheduled(deps: InboundDeps, job: DailySendJob): Promise<void> {
  const now = deps.clock.now();
  // The same rules as a message's: a rule added for one can never be missing from the other.
  const rules = await decideRules(deps);
  const random = deps.random ?? Math.random;
  const topics = [...rules.catalog.keys()];
  const topic = (await deps.learners.dailyTopic(job.phone)) ?? topics[Math.floor(random() * topics.length)] ?? 'python';
  const command: Command = job.kind === 'daily' ? { kind: 'daily-send', topic } : { kind: 'remind' };
  const learner = { phone: job.phone, address: `whatsapp:+${job.phone}` };
  const day = localDay(now, learnerTimeZone(job.phone, null, deps.schoolTimeZone));
  const turn = await deps.learners.turn(
    snapshotRequest(command, learner, rules, random),
    {
      inboundSid: `${job.kind}-${job.phone}-${day}`,
      phone: job.phone,
      keywords: '',
      command: command.kind,
      createdAt: now,
      mayBeRecorded: true,
      scheduled: true,
    },
    (snapshot) => decide(command, { snapshot, now, rules }, random),
  );
  if (turn.kind === 'no-learner') return;
  if (turn.kind === 'recorded-before') {
    if (turn.status === 'pending') await deps.outbox.enqueue(turn.unsentIds);
    return;
  }
  deps.log.info({ learner: maskPhone(job.phone), kind: job.kind, outcome: turn.plan.outcome }, 'scheduled send');
  await deps.outbox.enqueueMessages(replyJobs(turn, learner.address));
  await afterTurn(deps, job.phone, turn.plan, now);
}
