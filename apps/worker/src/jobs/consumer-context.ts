import type { ConsumerOptions, QueueSettings } from '@datadrill/ops';
import type { WorkerEnv } from '../env.js';
import type { WorkerMetrics } from '../metrics.js';

/** What every queue's consumer shares: where the queues live, stall settings, logging and metrics. */
export interface ConsumerContext {
  queues: QueueSettings;
  options: ConsumerOptions;
  metrics: WorkerMetrics;
  env: WorkerEnv;
}
