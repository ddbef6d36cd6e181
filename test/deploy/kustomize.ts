import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyJsonPatch, strategicMerge } from './patch.js';

/**
 * A small Kustomize renderer for deploy/: no kustomize binary or npm library renders
 * kustomizations offline, so the test renders the subset deploy/ uses, and throws on any field or
 * directive outside it (so a kustomization cannot silently mean something else here):
 * resources (files and directories), namespace, labels (includeSelectors: false), images,
 * patches (strategic merge, or JSON 6902 with a target), configMapGenerator and secretGenerator
 * (literals, envs; behavior create/merge/replace), generatorOptions (labels,
 * disableNameSuffixHash). Generated names get kustomize's `-<10 character hash>` suffix and the pod
 * specs' references to them are rewritten, as kustomize does.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface RenderOptions {
  /** Reads a file a kustomization names (the test swaps a git-ignored secrets.env for its example). */
  readFile?: (path: string) => string;
}

const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'images',
  'patches',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
]);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  envs?: string[];
  type?: string;
  options?: GeneratorOptions;
}
interface GeneratorOptions {
  labels?: Record<string, string>;
  disableNameSuffixHash?: boolean;
}
interface Kustomization {
  resources?: string[];
  namespace?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  patches?: Array<{ path?: string; patch?: string; target?: { kind?: string; name?: string } }>;
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  generatorOptions?: GeneratorOptions;
}

/** Generated objects, and whether each gets the hash suffix. */
type Generated = Map<K8sObject, { hash: boolean }>;

/** Renders the kustomization in `dir` as `kubectl kustomize dir` would, within the subset above. */
export function renderKustomization(dir: string, options: RenderOptions = {}): K8sObject[] {
  const read = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const generated: Generated = new Map();
  const objects = build(dir, read, generated);
  suffixGeneratedNames(objects, generated);
  return objects;
}

function build(dir: string, read: (path: string) => string, generated: Generated): K8sObject[] {
  const kustomization = parseYaml(read(join(dir, 'kustomization.yaml')))[0] as Kustomization;
  for (const field of Object.keys(kustomization)) {
    if (!SUPPORTED_FIELDS.has(field)) throw new Error(`${dir}: kustomization field ${field} is not supported here`);
  }
  const objects: K8sObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    objects.push(
      ...(statSync(path).isDirectory() ? build(path, read, generated) : (parseYaml(read(path)) as K8sObject[])),
    );
  }
  for (const generator of kustomization.configMapGenerator ?? []) {
    generate('ConfigMap', generator, kustomization.generatorOptions, dir, read, objects, generated);
  }
  for (const generator of kustomization.secretGenerator ?? []) {
    generate('Secret', generator, kustomization.generatorOptions, dir, read, objects, generated);
  }
  for (const patch of kustomization.patches ?? []) applyPatch(dir, patch, read, objects);
  if (kustomization.namespace) {
    for (const object of objects) {
      if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = kustomization.namespace;
    }
  }
  for (const label of kustomization.labels ?? []) {
    if (label.includeSelectors) throw new Error(`${dir}: labels with includeSelectors are not supported here`);
    for (const object of objects) {
      object.metadata.labels = { ...object.metadata.labels, ...label.pairs };
      const template = podTemplate(object);
      if (label.includeTemplates && template) {
        template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...label.pairs } };
      }
    }
  }
  for (const image of kustomization.images ?? []) {
    for (const container of objects.flatMap(containersOf)) container.image = retag(container.image, image);
  }
  return objects;
}

function generate(
  kind: 'ConfigMap' | 'Secret',
  generator: Generator,
  defaults: GeneratorOptions | undefined,
  dir: string,
  read: (path: string) => string,
  objects: K8sObject[],
  generated: Generated,
): void {
  const data: Record<string, string> = {};
  for (const file of generator.envs ?? []) Object.assign(data, parseEnvFile(read(join(dir, file)), file));
  for (const literal of generator.literals ?? []) Object.assign(data, parseEnvFile(literal, `literal ${literal}`));
  const labels = { ...defaults?.labels, ...generator.options?.labels };
  const hash = !(generator.options?.disableNameSuffixHash ?? defaults?.disableNameSuffixHash ?? false);
  const behavior = generator.behavior ?? 'create';
  const existing = objects.find((object) => object.kind === kind && object.metadata.name === generator.name);
  if (behavior === 'create') {
    if (existing) throw new Error(`${dir}: ${kind} ${generator.name} already exists (use behavior: merge)`);
    const encoded = kind === 'Secret' ? mapValues(data, (value) => Buffer.from(value).toString('base64')) : data;
    const object: K8sObject = {
      apiVersion: 'v1',
      kind,
      metadata: { name: generator.name, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
      ...(kind === 'Secret' ? { type: generator.type ?? 'Opaque' } : {}),
      data: encoded,
    };
    objects.push(object);
    generated.set(object, { hash });
    return;
  }
  if (!existing || !generated.has(existing))
    throw new Error(`${dir}: no generated ${kind} ${generator.name} to ${behavior}`);
  const encoded = kind === 'Secret' ? mapValues(data, (value) => Buffer.from(value).toString('base64')) : data;
  existing.data = behavior === 'merge' ? { ...(existing.data as Record<string, string>), ...encoded } : encoded;
  existing.metadata.labels = { ...existing.metadata.labels, ...labels };
}

function applyPatch(
  dir: string,
  patch: NonNullable<Kustomization['patches']>[number],
  read: (path: string) => string,
  objects: K8sObject[],
): void {
  const text = patch.path ? read(join(dir, patch.path)) : patch.patch;
  if (text === undefined) throw new Error(`${dir}: a patch needs path or patch`);
  const documents = parseYaml(text);
  if (Array.isArray(documents[0])) {
    const { kind, name } = patch.target ?? {};
    const targets = objects.filter((object) => object.kind === kind && object.metadata.name === name);
    if (targets.length === 0) throw new Error(`${dir}: no ${kind} ${name} for a JSON patch`);
    for (const target of targets) applyJsonPatch(target, documents[0] as unknown[]);
    return;
  }
  if (patch.target && documents.length > 1) throw new Error(`${dir}: several strategic merge patches with a target`);
  for (const document of documents as K8sObject[]) {
    const target = objects.find(
      (object) => object.kind === document.kind && object.metadata.name === document.metadata.name,
    );
    if (!target) throw new Error(`${dir}: no ${document.kind} ${document.metadata.name} to patch`);
    strategicMerge(target, document);
  }
}

/** kustomize's suffix: the first 10 hex digits of a SHA-256 over kind, name and data, vowels avoided. */
function suffixGeneratedNames(objects: K8sObject[], generated: Generated): void {
  const renamed = new Map<string, string>();
  for (const [object, { hash }] of generated) {
    if (!hash) continue;
    const content: Record<string, unknown> = { data: object.data ?? {}, kind: object.kind, name: object.metadata.name };
    if (object.kind === 'Secret') content.type = object.type;
    const digest = createHash('sha256').update(stableJson(content)).digest('hex').slice(0, 10);
    const suffix = digest.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c] ?? c);
    const name = `${object.metadata.name}-${suffix}`;
    renamed.set(`${object.kind}/${object.metadata.name}`, name);
    object.metadata.name = name;
  }
  const rename = (kind: string, ref: { name?: string } | undefined) => {
    const name = ref?.name && renamed.get(`${kind}/${ref.name}`);
    if (ref && name) ref.name = name;
  };
  for (const object of objects) {
    const spec = podTemplate(object)?.spec;
    if (!spec) continue;
    for (const container of containersOf(object)) {
      for (const source of container.envFrom ?? []) {
        rename('ConfigMap', source.configMapRef);
        rename('Secret', source.secretRef);
      }
      for (const variable of container.env ?? []) {
        rename('ConfigMap', variable.valueFrom?.configMapKeyRef);
        rename('Secret', variable.valueFrom?.secretKeyRef);
      }
    }
    for (const volume of spec.volumes ?? []) {
      rename('ConfigMap', volume.configMap);
      if (volume.secret?.secretName) {
        const ref = { name: volume.secret.secretName };
        rename('Secret', ref);
        volume.secret.secretName = ref.name;
      }
    }
  }
}

// The shapes of a pod template the renderer (and the test) read; everything else passes through.
export interface Container {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: {
      configMapKeyRef?: { name: string; key: string; optional?: boolean };
      secretKeyRef?: { name: string; key: string; optional?: boolean };
    };
  }>;
  [field: string]: unknown;
}
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    initContainers?: Container[];
    volumes?: Array<{ name: string; configMap?: { name: string }; secret?: { secretName?: string } }>;
    [field: string]: unknown;
  };
}

export function podTemplate(object: K8sObject): PodTemplate | undefined {
  if (!POD_TEMPLATE_KINDS.has(object.kind)) return undefined;
  return (object.spec as { template?: PodTemplate } | undefined)?.template;
}

export function containersOf(object: K8sObject): Container[] {
  const spec = podTemplate(object)?.spec;
  return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
}

function retag(reference: string, image: NonNullable<Kustomization['images']>[number]): string {
  const match = /^(?<name>[^@:]+(?::\d+\/[^@:]+)?)(?::(?<tag>[^@]+))?(?:@(?<digest>.+))?$/.exec(reference);
  if (match?.groups?.name !== image.name) return reference;
  const name = image.newName ?? image.name;
  if (image.digest) return `${name}@${image.digest}`;
  const tag = image.newTag ?? match.groups.tag;
  return tag ? `${name}:${tag}` : name;
}

/** kustomize's env file: KEY=VALUE lines (the value may be empty), blank lines and # comments. */
export function parseEnvFile(text: string, source: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/.exec(line);
    if (!match?.[1]) throw new Error(`${source}:${index + 1}: not KEY=VALUE`);
    entries[match[1]] = match[2] ?? '';
  }
  return entries;
}

function parseYaml(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map((error) => error.message).join('; '));
      return document.toJS() as unknown;
    })
    .filter((document) => document !== null && document !== undefined);
}

function mapValues(record: Record<string, string>, map: (value: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
