import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseEnv, loadEnv, QueueName } from '@datadrill/core';
import { registerQueueGauges } from '@datadrill/ops';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import type { Queue } from 'bullmq';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ingressEnvSchema } from '../../apps/ingress/src/env.js';
import { insightsEnvSchema } from '../../apps/insights/src/env.js';
import { workerEnvSchema } from '../../apps/worker/src/env.js';
import {
  allContainers,
  byKind,
  containerEnv,
  FAKE_SECRETS,
  find,
  isSubset,
  type Overlay,
  REPO,
  renderOverlay,
  resolvePort,
  workloadsSelectedBy,
} from './cluster.js';
import { type Container, podTemplate } from './kustomize.js';

// The Kubernetes API's own schemas (kubernetes-models) and KEDA's CRD schema (@kubernetes-models/keda).
const MODELS: Record<string, { new (data: never): { validate(): void } }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/** Each container's app: the schema its process parses its environment with, and its ports. */
const APPS: Record<string, { schema: z.ZodType; ports?: Record<string, string>; probePort?: string }> = {
  ingress: { schema: ingressEnvSchema, ports: { http: 'PORT', dashboard: 'DASHBOARD_PORT' }, probePort: 'http' },
  worker: { schema: workerEnvSchema, ports: { health: 'WORKER_HEALTH_PORT' }, probePort: 'health' },
  insights: { schema: insightsEnvSchema, ports: { http: 'INSIGHTS_PORT' }, probePort: 'http' },
  migrate: { schema: z.object(databaseEnv) },
  'challenges-sync': { schema: z.object({ ...databaseEnv, CHALLENGES_DIR: z.string().default('challenges') }) },
};
const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const [migrateCommand, syncCommand] = scripts['start:migrate']?.split(' && ') ?? [];
const START_COMMANDS: Record<string, string | undefined> = {
  ingress: scripts['start:ingress'],
  worker: scripts['start:worker'],
  insights: scripts['start:insights'],
  migrate: migrateCommand,
  'challenges-sync': syncCommand,
};
const PUBLIC_PATHS = ['/bot', '/media/slack', '/slack/events', '/twilio/status'];
const AUTOSCALED = ['datadrill-ingress', 'datadrill-worker'];
const SECRET_LIKE = /PASSWORD|TOKEN|SECRET|DATABASE_URL|REDIS_URL/;

/** The minimal deployment: only the secrets a reference does not mark optional. */
const requiredOnly = (key: string) =>
  [
    'REDIS_URL',
    'DATABASE_URL',
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'DASHBOARD_PASSWORD',
    'INSIGHTS_PASSWORD',
  ].includes(key);

/** What the app would make of the container's environment: its config, or loadEnv's error listing every bad variable. */
function parsedEnv(overlay: Overlay, container: Container) {
  const app = APPS[container.name];
  if (!app) throw new Error(`${overlay.name}: container ${container.name} is no known app`);
  const { env, problems } = containerEnv(overlay, container);
  try {
    return { app, env, problems, config: loadEnv(app.schema, env) as Record<string, unknown>, error: undefined };
  } catch (error) {
    return { app, env, problems, config: {} as Record<string, unknown>, error: (error as Error).message };
  }
}

describe.each(['production', 'staging'])('deploy/overlays/%s', (name) => {
  const overlay = renderOverlay(name, requiredOnly);
  const namespace = /^namespace: (\S+)$/m.exec(readFileSync(join(overlay.dir, 'kustomization.yaml'), 'utf8'))?.[1];

  it('is valid against the Kubernetes API schemas and KEDA’s CRD schema', () => {
    for (const object of overlay.objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(Model, `a schema for ${object.apiVersion} ${object.kind}`).toBeDefined();
      expect(
        () => new (Model as NonNullable<typeof Model>)(object as never).validate(),
        `${object.kind} ${object.metadata.name}`,
      ).not.toThrow();
      expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe(namespace);
    }
    const ids = overlay.objects.map((object) => `${object.kind}/${object.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('selects what it means: Deployments, Services, PDBs and autoscalers line up', () => {
    for (const deployment of byKind(overlay, 'Deployment')) {
      const selector = (deployment.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
      expect(isSubset(selector, podTemplate(deployment)?.metadata?.labels), deployment.metadata.name).toBe(true);
      expect(
        byKind(overlay, 'PodDisruptionBudget').filter((pdb) =>
          isSubset(
            (pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels,
            podTemplate(deployment)?.metadata?.labels,
          ),
        ),
        `a PDB for ${deployment.metadata.name}`,
      ).toHaveLength(1);
    }
    for (const service of byKind(overlay, 'Service')) {
      const spec = service.spec as {
        type?: string;
        selector: Record<string, string>;
        ports: Array<{ port: number; targetPort: string | number }>;
      };
      expect(spec.type ?? 'ClusterIP', `${service.metadata.name} stays inside the cluster`).toBe('ClusterIP');
      const [workload, ...others] = workloadsSelectedBy(overlay, spec.selector);
      expect(workload && others.length === 0, `${service.metadata.name} selects one Deployment`).toBe(true);
      const container = podTemplate(workload as never)?.spec.containers[0] as Container;
      for (const port of spec.ports)
        expect(resolvePort(container, port.targetPort), `${service.metadata.name}:${port.port}`).toBeDefined();
    }
    const targets = [...byKind(overlay, 'HorizontalPodAutoscaler'), ...byKind(overlay, 'ScaledObject')].map(
      (scaler) => (scaler.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name,
    );
    // KEDA makes its own HPA: one autoscaler per Deployment, and no fixed replicas for it to fight.
    expect(targets.sort()).toEqual(AUTOSCALED);
    for (const target of targets)
      expect((find(overlay, 'Deployment', target).spec as { replicas?: number }).replicas).toBeUndefined();
  });

  it('exposes only the webhook paths publicly; the dashboard and insights stay internal', () => {
    const [ingress, ...more] = byKind(overlay, 'Ingress');
    expect(more).toHaveLength(0);
    const paths = (
      (ingress?.spec ?? { rules: [] }) as {
        rules: Array<{
          http: {
            paths: Array<{
              path: string;
              backend: { service: { name: string; port: { name?: string; number?: number } } };
            }>;
          };
        }>;
      }
    ).rules.flatMap((rule) => rule.http.paths);
    expect(paths.map((path) => path.path).sort()).toEqual(PUBLIC_PATHS);
    for (const { backend } of paths) {
      const service = find(overlay, 'Service', backend.service.name);
      const ports = (service.spec as { ports: Array<{ name?: string; port: number; targetPort: string }> }).ports;
      const port = ports.find(
        (candidate) => candidate.name === backend.service.port.name || candidate.port === backend.service.port.number,
      );
      expect(port?.targetPort, 'the public backend is the webhook port').toBe('http');
      expect(
        workloadsSelectedBy(overlay, (service.spec as { selector: Record<string, string> }).selector)[0]?.metadata.name,
      ).toBe('datadrill-ingress');
    }
  });

  it('gives every app the environment its schema requires, secrets only from the Secret', () => {
    for (const { owner, container } of allContainers(overlay)) {
      const { env, problems, config, error } = parsedEnv(overlay, container);
      expect(problems).toEqual([]);
      expect(error, `${owner.metadata.name}/${container.name}`).toBeUndefined();
      // A default such as redis://127.0.0.1 means a variable the cluster forgot to set.
      for (const [key, value] of Object.entries(config)) {
        expect(String(value), `${container.name} ${key}`).not.toMatch(/127\.0\.0\.1|localhost/);
      }
      for (const key of Object.keys(env)) {
        if (SECRET_LIKE.test(key))
          expect(
            container.env?.find((v) => v.name === key)?.valueFrom?.secretKeyRef,
            `${container.name} ${key}`,
          ).toBeDefined();
      }
    }
    for (const configMap of byKind(overlay, 'ConfigMap')) {
      expect(Object.keys(configMap.data as object).filter((key) => SECRET_LIKE.test(key))).toEqual([]);
    }
  });

  it('starts with every optional secret set too (the mentor desk with its channel)', () => {
    const full = renderOverlay(name);
    for (const configMap of byKind(full, 'ConfigMap'))
      (configMap.data as Record<string, string>).SLACK_MENTOR_CHANNEL = 'C0123456789';
    for (const { container } of allContainers(full))
      expect(parsedEnv(full, container).error, container.name).toBeUndefined();
  });

  it('fails the check when a required secret is missing', () => {
    const missing = renderOverlay(name, (key) => requiredOnly(key) && key !== 'TWILIO_AUTH_TOKEN');
    const ingress = podTemplate(find(missing, 'Deployment', 'datadrill-ingress'))?.spec.containers[0] as Container;
    expect(parsedEnv(missing, ingress).error).toMatch(/TWILIO_AUTH_TOKEN/);
  });

  it('listens, probes and scrapes on the ports the apps are configured with', () => {
    for (const deployment of byKind(overlay, 'Deployment')) {
      const template = podTemplate(deployment);
      for (const container of template?.spec.containers ?? []) {
        const { app, config } = parsedEnv(overlay, container);
        for (const [portName, variable] of Object.entries(app.ports ?? {})) {
          expect(resolvePort(container, portName), `${container.name} ${portName}`).toBe(config[variable]);
        }
        const expected = resolvePort(container, app.probePort ?? '');
        expect(expected).toBeDefined();
        for (const [probe, path] of [
          ['startupProbe', '/healthz'],
          ['livenessProbe', '/healthz'],
          ['readinessProbe', '/readyz'],
        ] as const) {
          const httpGet = (container[probe] as { httpGet?: { path: string; port: string | number } } | undefined)
            ?.httpGet;
          expect(httpGet?.path, `${container.name} ${probe}`).toBe(path);
          expect(resolvePort(container, httpGet?.port ?? ''), `${container.name} ${probe}`).toBe(expected);
        }
        const scrape = template?.metadata?.annotations?.['prometheus.io/port'];
        if (scrape) expect(Number(scrape)).toBe(config.WORKER_HEALTH_PORT);
      }
    }
  });

  it('gives every pod longer to stop than the apps take to drain', () => {
    for (const deployment of byKind(overlay, 'Deployment')) {
      const spec = podTemplate(deployment)?.spec as { terminationGracePeriodSeconds?: number; containers: Container[] };
      for (const container of spec.containers) {
        const drainMs = parsedEnv(overlay, container).config.SHUTDOWN_TIMEOUT_MS as number;
        const preStopMs =
          ((container.lifecycle as { preStop?: { sleep?: { seconds: number } } } | undefined)?.preStop?.sleep
            ?.seconds ?? 0) * 1000;
        expect((spec.terminationGracePeriodSeconds ?? 30) * 1000, container.name).toBeGreaterThan(drainMs + preStopMs);
      }
    }
  });

  it('runs every container locked down, with resources, on the pinned image and a compiled entry point', () => {
    const image = /newName: (\S+)\n\s+newTag: "?([^"\n]+)"?/.exec(
      readFileSync(join(overlay.dir, 'kustomization.yaml'), 'utf8'),
    );
    for (const { owner, container } of allContainers(overlay)) {
      const pod = podTemplate(owner)?.spec as Record<string, unknown> & {
        volumes?: Array<{ name: string; emptyDir?: object }>;
      };
      const label = `${owner.metadata.name}/${container.name}`;
      expect(pod.securityContext, label).toMatchObject({
        runAsNonRoot: true,
        runAsUser: expect.any(Number),
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect((pod.securityContext as { runAsUser: number }).runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken, label).toBe(false);
      expect(container.securityContext, label).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.resources, label).toMatchObject({
        requests: { cpu: expect.any(String), memory: expect.any(String) },
        limits: { memory: expect.any(String) },
      });
      const tmp = (container.volumeMounts as Array<{ name: string; mountPath: string }>).find(
        (mount) => mount.mountPath === '/tmp',
      );
      expect(pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir, `${label} /tmp`).toBeDefined();
      expect(container.image, label).toBe(`${image?.[1]}:${image?.[2]}`);
      // args, not command: the image's init stays its ENTRYPOINT.
      expect(container.command, label).toBeUndefined();
      // The same command as the root package.json's start:* script for that process.
      expect(container.args?.join(' '), label).toBe(START_COMMANDS[container.name]);
      const script = container.args?.at(-1);
      const source = script?.replace('/dist/', '/src/').replace(/\.js$/, '.ts') ?? '';
      expect(existsSync(join(REPO, source)), `${label}: ${script} is built from ${source}`).toBe(true);
    }
  });

  it('applies the config, the Secret and the migration Job alone before the rollout', () => {
    const script = readFileSync(join(REPO, 'deploy', 'rollout.sh'), 'utf8');
    expect(script).toContain('-l datadrill.dev/pre-rollout=true');
    expect(script).toContain('job/datadrill-migrate');
    for (const object of overlay.objects) {
      const early = object.metadata.labels?.['datadrill.dev/pre-rollout'] === 'true';
      expect(early, `${object.kind} ${object.metadata.name}`).toBe(
        ['ConfigMap', 'Secret', 'Job'].includes(object.kind),
      );
    }
    const job = find(overlay, 'Job', 'datadrill-migrate');
    expect(podTemplate(job)?.spec.initContainers?.map((c) => c.name)).toEqual(['migrate']);
    expect(podTemplate(job)?.spec.containers.map((c) => c.name)).toEqual(['challenges-sync']);
  });
});

describe('the worker autoscaler', () => {
  it('scales on the queue gauge the apps export, in its own namespace, with a fallback (production: KEDA)', async () => {
    const overlay = renderOverlay('production');
    const scaled = find(overlay, 'ScaledObject', 'datadrill-worker').spec as {
      minReplicaCount: number;
      fallback: { replicas: number };
      triggers: Array<{ type: string; metadata: { query: string } }>;
    };
    expect(scaled.minReplicaCount, 'the workers export the gauge: never scale them to zero').toBeGreaterThanOrEqual(1);
    expect(scaled.fallback.replicas).toBeGreaterThanOrEqual(scaled.minReplicaCount);
    expect(scaled.triggers.map((trigger) => trigger.type)).toEqual(['prometheus']);
    const query = scaled.triggers[0]?.metadata.query ?? '';
    // What the workers really expose: the gauge's name, its labels and the queue names.
    const registry = new Registry();
    const fake = (queue: string) => ({ name: queue, getJobCounts: async () => ({ waiting: 7 }) }) as unknown as Queue;
    registerQueueGauges(registry, [fake(QueueName.inbound)]);
    expect(await registry.metrics()).toContain('datadrill_queue_jobs{queue="inbound",state="waiting"} 7');
    expect(query).toContain('datadrill_queue_jobs{');
    expect(query).toContain('state="waiting"');
    expect(query).toContain(`namespace="${find(overlay, 'Deployment', 'datadrill-worker').metadata.namespace}"`);
    const queues = /queue=~?"([^"]+)"/.exec(query)?.[1]?.split('|') ?? [];
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) expect(Object.values(QueueName)).toContain(queue);
    expect(query, 'every pod reports the queue-wide count: max per queue, not a sum over pods').toMatch(
      /max by \(queue\)/,
    );
  });

  it('falls back to CPU where KEDA is not installed (staging)', () => {
    const overlay = renderOverlay('staging');
    expect(byKind(overlay, 'ScaledObject')).toHaveLength(0);
    expect(
      (
        find(overlay, 'HorizontalPodAutoscaler', 'datadrill-worker').spec as {
          metrics: Array<{ resource: { name: string } }>;
        }
      ).metrics[0]?.resource.name,
    ).toBe('cpu');
  });

  it('keeps the fake secrets in step with the examples', () => {
    for (const name of ['production', 'staging']) {
      const example = readFileSync(join(REPO, 'deploy', 'overlays', name, 'secrets.env.example'), 'utf8');
      expect(
        example
          .match(/^[A-Z_]+=/gm)
          ?.map((line) => line.slice(0, -1))
          .sort(),
      ).toEqual(Object.keys(FAKE_SECRETS).sort());
      expect(example, 'the example holds no values').not.toMatch(/^[A-Z_]+=.+$/m);
    }
  });
});
