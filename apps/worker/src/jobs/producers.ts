import { inOrder, type MentorDeskQueue, mentorDeskJobName, type Outbox } from '@datadrill/core';
import type { JobProducer } from '@datadrill/ops';

/** The outbound queue as the core sees it: message ids in, one job each. */
export function createOutbox(producer: JobProducer): Outbox {
  return {
    enqueue: (ids) => producer.addMany('outbound.send', inOrder(ids.map((outboundId) => ({ outboundId })))),
    enqueueMessages: (jobs) => producer.addMany('outbound.send', inOrder(jobs)),
    requeue: async (outboundId) =>
      (await producer.readd('outbound.send', { outboundId })) ? 'queued' : 'already queued',
  };
}

export function createMentorDeskQueue(producer: JobProducer): MentorDeskQueue {
  return {
    enqueue: (job) => producer.add(mentorDeskJobName(job), job),
    requeue: async (job) => {
      await producer.readd(mentorDeskJobName(job), job);
    },
  };
}
