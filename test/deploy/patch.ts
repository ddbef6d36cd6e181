/**
 * The two patch kinds the renderer applies. Strategic merge, for the fields deploy/ patches: maps
 * merge key by key, null deletes a key, lists with a Kubernetes merge key (containers, env,
 * volumes… by name; volumeMounts by mountPath; ports by containerPort or port) merge item by item,
 * and every other list is replaced whole, as the API's patchStrategy says. `$patch` directives
 * are refused. JSON 6902: add, replace and remove.
 */

const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

type Json = Record<string, unknown>;

export function strategicMerge(target: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new Error(`strategic merge directive ${key} is not supported here`);
    const current = target[key];
    if (value === null) delete target[key];
    else if (Array.isArray(value) && Array.isArray(current)) target[key] = mergeList(key, current, value);
    else if (isObject(value) && isObject(current)) strategicMerge(current, value);
    else target[key] = structuredClone(value);
  }
}

function mergeList(field: string, current: unknown[], patch: unknown[]): unknown[] {
  const key = MERGE_KEYS[field] ?? (field === 'ports' ? portKey(patch) : undefined);
  if (!key) return structuredClone(patch);
  const merged = [...current];
  for (const item of patch) {
    if (!isObject(item) || item[key] === undefined) throw new Error(`${field}: an item without its merge key ${key}`);
    const existing = merged.find((candidate) => isObject(candidate) && candidate[key] === item[key]);
    if (isObject(existing)) strategicMerge(existing, item);
    else merged.push(structuredClone(item));
  }
  return merged;
}

function portKey(items: unknown[]): string {
  return items.every((item) => isObject(item) && 'containerPort' in item) ? 'containerPort' : 'port';
}

export function applyJsonPatch(target: Json, operations: unknown[]): void {
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.path !== 'string') throw new Error('a JSON patch op needs a path');
    const segments = operation.path
      .split('/')
      .slice(1)
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = segments.pop();
    if (last === undefined) throw new Error('a JSON patch cannot replace the whole object');
    let parent: unknown = target;
    for (const segment of segments) {
      parent = Array.isArray(parent) ? parent[Number(segment)] : isObject(parent) ? parent[segment] : undefined;
      if (parent === undefined) throw new Error(`JSON patch path ${operation.path} does not exist`);
    }
    apply(operation.op, parent, last, operation.value, operation.path);
  }
}

function apply(op: unknown, parent: unknown, key: string, value: unknown, path: string): void {
  const exists = Array.isArray(parent) ? Number(key) < parent.length : isObject(parent) && key in parent;
  if (op === 'add' && Array.isArray(parent)) {
    parent.splice(key === '-' ? parent.length : Number(key), 0, structuredClone(value));
  } else if ((op === 'add' || (op === 'replace' && exists)) && isObject(parent)) {
    parent[key] = structuredClone(value);
  } else if (op === 'replace' && exists && Array.isArray(parent)) {
    parent[Number(key)] = structuredClone(value);
  } else if (op === 'remove' && exists) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Json)[key];
  } else {
    throw new Error(`JSON patch ${String(op)} ${path}: not supported here, or the path does not exist`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
