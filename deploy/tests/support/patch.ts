import { isRecord } from './files';

/**
 * The two patch formats kustomize applies, reduced to what deploy/k8s uses. Anything outside that
 * subset throws rather than being applied approximately.
 */

const clone = <T>(value: T): T => structuredClone(value);

/**
 * List fields that strategic merge merges element-wise, with their merge key (from the
 * Kubernetes OpenAPI `x-kubernetes-patch-merge-key`). `ports` depends on where it is.
 */
function mergeKeyOf(field: string, parent: Record<string, unknown>): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'ports':
      // A container's ports merge on containerPort; a ServiceSpec's on port.
      return 'image' in parent || 'name' in parent ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

/** Lists a patch may carry that strategic merge replaces as a whole. */
const ATOMIC_LISTS = new Set(['command', 'args', 'metrics', 'policyTypes']);

/**
 * Strategic merge of `patch` into `target` (neither is modified): maps merge recursively, `null`
 * deletes a field, lists with a merge key merge element by element (new elements are appended),
 * the atomic lists above are replaced. `$patch` and other directives are not supported.
 */
export function strategicMerge(target: unknown, patch: unknown, path = ''): unknown {
  if (!isRecord(patch)) return clone(patch);
  const out: Record<string, unknown> = isRecord(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new Error(`${path}/${key}: strategic-merge directives are not supported by this renderer`);
    if (value === null) {
      delete out[key];
    } else if (Array.isArray(value)) {
      const mergeKey = mergeKeyOf(key, out);
      if (mergeKey) out[key] = mergeList(out[key], value, mergeKey, `${path}/${key}`);
      else if (ATOMIC_LISTS.has(key)) out[key] = clone(value);
      else throw new Error(`${path}/${key}: list field without a known merge strategy; use a JSON 6902 patch`);
    } else if (isRecord(value)) {
      out[key] = strategicMerge(out[key], value, `${path}/${key}`);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Kustomize's element order: the patch's elements (merged into their originals) first, then the untouched originals. */
function mergeList(target: unknown, patch: unknown[], mergeKey: string, path: string): unknown[] {
  const originals = Array.isArray(target) ? target : [];
  const merged = patch.map((item) => {
    if (!isRecord(item) || item[mergeKey] === undefined) throw new Error(`${path}: every element needs its merge key ${mergeKey}`);
    const original = originals.find((existing) => isRecord(existing) && existing[mergeKey] === item[mergeKey]);
    return original === undefined ? clone(item) : strategicMerge(original, item, `${path}/${String(item[mergeKey])}`);
  });
  const keys = new Set(patch.map((item) => (item as Record<string, unknown>)[mergeKey]));
  const untouched = originals.filter((existing) => !(isRecord(existing) && keys.has(existing[mergeKey])));
  return [...merged, ...untouched.map(clone)];
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

export function asJsonPatch(value: unknown, origin: string): JsonPatchOperation[] {
  if (!Array.isArray(value)) throw new Error(`${origin}: a JSON 6902 patch is a list of operations`);
  return value.map((op, i) => {
    if (!isRecord(op) || typeof op['path'] !== 'string' || !['add', 'remove', 'replace', 'test'].includes(String(op['op']))) {
      throw new Error(`${origin}: operation ${i} is not an add/remove/replace/test with a path`);
    }
    if (op['op'] !== 'remove' && !('value' in op)) throw new Error(`${origin}: operation ${i} (${String(op['op'])}) needs a value`);
    return op as unknown as JsonPatchOperation;
  });
}

const pointer = (path: string): string[] => {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`JSON pointer ${path} must start with /`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
};

/** RFC 6902 add/remove/replace/test on a copy of `document`. */
export function applyJsonPatch(document: unknown, operations: readonly JsonPatchOperation[]): unknown {
  const root = { doc: clone(document) } as Record<string, unknown>;
  for (const op of operations) {
    const tokens = ['doc', ...pointer(op.path)];
    const last = tokens.pop()!;
    let parent: unknown = root;
    for (const token of tokens) {
      parent = Array.isArray(parent) ? parent[Number(token)] : isRecord(parent) ? parent[token] : undefined;
      if (parent === undefined) throw new Error(`${op.op} ${op.path}: path does not exist`);
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      const bound = op.op === 'add' ? parent.length : parent.length - 1;
      if (!Number.isInteger(index) || index < 0 || index > bound) throw new Error(`${op.op} ${op.path}: index out of range`);
      if (op.op === 'add') parent.splice(index, 0, clone(op.value));
      else if (op.op === 'remove') parent.splice(index, 1);
      else if (op.op === 'replace') parent[index] = clone(op.value);
      else if (JSON.stringify(parent[index]) !== JSON.stringify(op.value)) throw new Error(`test ${op.path} failed`);
    } else if (isRecord(parent)) {
      const exists = Object.prototype.hasOwnProperty.call(parent, last);
      if (op.op !== 'add' && !exists) throw new Error(`${op.op} ${op.path}: path does not exist`);
      if (op.op === 'add' || op.op === 'replace') parent[last] = clone(op.value);
      else if (op.op === 'remove') delete parent[last];
      else if (JSON.stringify(parent[last]) !== JSON.stringify(op.value)) throw new Error(`test ${op.path} failed`);
    } else {
      throw new Error(`${op.op} ${op.path}: parent is not a container`);
    }
  }
  return root['doc'];
}
