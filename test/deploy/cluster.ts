import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Container,
  containersOf,
  type K8sObject,
  parseEnvFile,
  podTemplate,
  renderKustomization,
} from './kustomize.js';

/** Reading a rendered overlay the way the cluster would: which pods a selector picks, what env a container gets. */

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Stand-ins for the Secret's values, valid for the apps' schemas; never real ones. */
export const FAKE_SECRETS: Record<string, string> = {
  REDIS_URL: 'rediss://:fake-password@redis.datadrill.svc:6379',
  DATABASE_URL: 'mysql://datadrill:fake-password@mysql.datadrill.svc:3306/datadrill',
  INSIGHTS_DATABASE_URL: 'mysql://datadrill_insights:fake-password@mysql-replica.datadrill.svc:3306/datadrill',
  TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TWILIO_AUTH_TOKEN: 'fedcba9876543210'.repeat(2),
  DASHBOARD_PASSWORD: 'Q7v!xK2p#Lm9sT4w@Rz8',
  INSIGHTS_PASSWORD: 'H3n$Wq8e^Yb5uJ1k&Cf6',
  MEDIA_URL_SECRET: 'n8Fh2Kd9Lq4Xs7Vb1Mz3',
  ERASURE_HASH_SECRET: 'p5Tg8Wr2Ye6Ui9Oa3Sd7',
  SLACK_BOT_TOKEN: 'xoxb-0000-fake',
  SLACK_SIGNING_SECRET: 'fake-signing-secret-0000',
};

export interface Overlay {
  name: string;
  dir: string;
  objects: K8sObject[];
}

/**
 * Renders an overlay with its git-ignored secrets.env replaced by secrets.env.example, every
 * value filled from FAKE_SECRETS when `fill` says so (a key the example has and FAKE_SECRETS lacks
 * is an error, so the example and this table stay in step).
 */
export function renderOverlay(name: string, fill: (key: string) => boolean = () => true): Overlay {
  const dir = join(REPO, 'deploy', 'overlays', name);
  const readFile = (path: string) => {
    if (!path.endsWith('/secrets.env')) return readFileSync(path, 'utf8');
    const example = parseEnvFile(readFileSync(`${path}.example`, 'utf8'), `${path}.example`);
    return Object.keys(example)
      .map((key) => {
        const fake = FAKE_SECRETS[key];
        if (fake === undefined) throw new Error(`test/deploy: no fake value for ${key} of ${path}.example`);
        return `${key}=${fill(key) ? fake : ''}`;
      })
      .join('\n');
  };
  return { name, dir, objects: renderKustomization(dir, { readFile }) };
}

export function byKind(overlay: Overlay, kind: string): K8sObject[] {
  return overlay.objects.filter((object) => object.kind === kind);
}

export function find(overlay: Overlay, kind: string, name: string): K8sObject {
  const object = overlay.objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (!object) throw new Error(`${overlay.name}: no ${kind} ${name}`);
  return object;
}

export function isSubset(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

/** The workloads whose pods a label selector picks. */
export function workloadsSelectedBy(overlay: Overlay, selector: Record<string, string>): K8sObject[] {
  return overlay.objects.filter((object) => {
    const labels = podTemplate(object)?.metadata?.labels;
    return object.kind === 'Deployment' && isSubset(selector, labels);
  });
}

/** A probe's or Service's port (a name or a number) as the container's number, or undefined. */
export function resolvePort(container: Container, port: string | number): number | undefined {
  const match = container.ports?.find((candidate) =>
    typeof port === 'number' ? candidate.containerPort === port : candidate.name === port,
  );
  return match?.containerPort;
}

export interface ResolvedEnv {
  env: Record<string, string>;
  /** References the cluster could not resolve (a missing ConfigMap, Secret or key). */
  problems: string[];
}

/** The environment the kubelet gives a container: envFrom first, then env (which wins). */
export function containerEnv(overlay: Overlay, container: Container): ResolvedEnv {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  const data = (kind: 'ConfigMap' | 'Secret', name: string) => {
    const object = overlay.objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
    if (!object) return undefined;
    const values = (object.data ?? {}) as Record<string, string>;
    return kind === 'Secret'
      ? Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]))
      : values;
  };
  for (const source of container.envFrom ?? []) {
    const [kind, ref] = source.configMapRef
      ? (['ConfigMap', source.configMapRef] as const)
      : (['Secret', source.secretRef] as const);
    const values = ref && data(kind, ref.name);
    if (!values) problems.push(`${container.name}: envFrom ${kind} ${ref?.name} does not exist`);
    else Object.assign(env, values);
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
    if (!ref) {
      env[variable.name] = variable.value ?? '';
      continue;
    }
    const kind = variable.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap';
    const value = data(kind, ref.name)?.[ref.key];
    if (value !== undefined) env[variable.name] = value;
    else if (!ref.optional)
      problems.push(`${container.name}: ${variable.name} needs ${kind} ${ref.name} key ${ref.key}`);
  }
  return { env, problems };
}

export function allContainers(overlay: Overlay): Array<{ owner: K8sObject; container: Container }> {
  return overlay.objects.flatMap((owner) => containersOf(owner).map((container) => ({ owner, container })));
}
