import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The ingress's Prometheus metrics, on a registry of its own (no global state between tests). */
export function createIngressMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'datadrill_ingress_' });
  return {
    registry,
    webhooks: new Counter({
      name: 'datadrill_webhooks_total',
      help: 'Twilio webhooks received, by outcome (queued, forbidden, bad_request, unavailable)',
      labelNames: ['route', 'outcome'],
      registers: [registry],
    }),
    ackSeconds: new Histogram({
      name: 'datadrill_webhook_ack_seconds',
      help: 'Time from receiving a webhook to answering it',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5],
      registers: [registry],
    }),
  };
}

export type IngressMetrics = ReturnType<typeof createIngressMetrics>;
