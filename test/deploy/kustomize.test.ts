import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containersOf, type K8sObject, renderKustomization } from './kustomize.js';

const root = mkdtempSync(join(tmpdir(), 'kustomize-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: app:1
          args: [a, b]
          env: [{ name: A, value: "1" }]
          envFrom: [{ configMapRef: { name: settings } }]
        - name: side
          image: other
`;

describe('the kustomize subset renderer', () => {
  const dir = tree('overlay', {
    'base/kustomization.yaml': `resources: [deployment.yaml]
configMapGenerator:
  - name: settings
    literals: [A=1, EMPTY=]
`,
    'base/deployment.yaml': DEPLOYMENT,
    'overlay/kustomization.yaml': `namespace: prod
labels:
  - pairs: { tier: x }
    includeTemplates: true
resources: [../base]
images:
  - { name: app, newName: registry/app, newTag: "2" }
configMapGenerator:
  - name: settings
    behavior: merge
    literals: [B=2]
patches:
  - path: patch.yaml
  - target: { kind: Deployment, name: web }
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/env/-
        value: { name: C, value: "3" }
`,
    'overlay/patch.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          args: [c]
          env: [{ name: A, value: "9" }]
`,
  });
  const objects = renderKustomization(join(dir, 'overlay'));
  const deployment = objects.find((object) => object.kind === 'Deployment') as K8sObject;
  const configMap = objects.find((object) => object.kind === 'ConfigMap') as K8sObject;
  const [web, side] = containersOf(deployment);

  it('merges containers and env by name, replaces other lists, then applies JSON patches', () => {
    expect(web?.args).toEqual(['c']);
    expect(web?.env).toEqual([
      { name: 'A', value: '9' },
      { name: 'C', value: '3' },
    ]);
    expect(side?.name).toBe('side');
  });

  it('merges generated data, suffixes the name with a hash and rewrites the references', () => {
    expect(configMap.data).toEqual({ A: '1', EMPTY: '', B: '2' });
    expect(configMap.metadata.name).toMatch(/^settings-[a-z0-9]{10}$/);
    expect(web?.envFrom?.[0]?.configMapRef?.name).toBe(configMap.metadata.name);
  });

  it('sets the namespace and labels (templates, never selectors) and retags the images', () => {
    expect(
      objects.every((object) => object.metadata.namespace === 'prod' && object.metadata.labels?.tier === 'x'),
    ).toBe(true);
    expect((deployment.spec as { template: { metadata: { labels: object } } }).template.metadata.labels).toEqual({
      app: 'web',
      tier: 'x',
    });
    expect((deployment.spec as { selector: { matchLabels: object } }).selector.matchLabels).toEqual({ app: 'web' });
    expect([web?.image, side?.image]).toEqual(['registry/app:2', 'other']);
  });

  it('refuses what it does not implement, and a patch with no target', () => {
    const unsupported = tree('unsupported', { 'kustomization.yaml': 'namePrefix: x-\n' });
    expect(() => renderKustomization(unsupported)).toThrow(/namePrefix is not supported/);
    const orphan = tree('orphan', {
      'kustomization.yaml': 'resources: [d.yaml]\npatches: [{ path: p.yaml }]\n',
      'd.yaml': DEPLOYMENT,
      'p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: nope }\n',
    });
    expect(() => renderKustomization(orphan)).toThrow(/no Deployment nope to patch/);
  });
});
