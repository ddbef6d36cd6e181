import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The worker's Prometheus metrics, served on WORKER_HEALTH_PORT. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'datadrill_worker_' });
  return {
    registry,
    jobSeconds: new Histogram({
      name: 'datadrill_job_duration_seconds',
      help: 'Time to handle one job, by queue and outcome (completed, retry, failed, waiting: put back during an outage)',
      labelNames: ['queue', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    twilioSendSeconds: new Histogram({
      name: 'datadrill_twilio_send_seconds',
      help: 'Latency of Twilio message-create calls, by result (ok, error)',
      labelNames: ['result'],
      buckets: [0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4],
      registers: [registry],
    }),
    twilioErrors: new Counter({
      name: 'datadrill_twilio_errors_total',
      help: "Twilio message-create failures by Twilio's error code (or 'network')",
      labelNames: ['code'],
      registers: [registry],
    }),
    outagePauses: new Counter({
      name: 'datadrill_outage_pauses_total',
      help: "Queue pauses to wait out an outage, by queue and outage (mysql, redis, network, twilio, slack; 'twilio-credentials' needs an operator)",
      labelNames: ['queue', 'outage'],
      registers: [registry],
    }),
    quotaRefusals: new Counter({
      name: 'datadrill_quota_refusals_total',
      help: 'Challenge requests refused because the learner reached the daily limit',
      registers: [registry],
    }),
    mysqlRoundTrips: new Counter({
      name: 'datadrill_mysql_round_trips_total',
      help: 'Requests sent to MySQL (a packet of several statements is one round trip)',
      registers: [registry],
    }),
    replicaOutages: new Counter({
      name: 'datadrill_mysql_replica_outages_total',
      help: 'Times the read replica (DATABASE_REPLICA_URL) stopped answering and its reads moved to the primary',
      registers: [registry],
    }),
    readsOnPrimary: new Gauge({
      name: 'datadrill_mysql_replica_fallback',
      help: '1 while the read replica does not answer and its reads go to the primary, else 0',
      registers: [registry],
    }),
    challengesSent: new Counter({
      name: 'datadrill_challenges_sent_total',
      help: 'Challenges delivered to learners, by topic and difficulty',
      labelNames: ['topic', 'difficulty'],
      registers: [registry],
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
