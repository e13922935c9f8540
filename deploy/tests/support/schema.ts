import { createRequire } from 'node:module';
import { isRecord } from './files';

/**
 * Validation against the Kubernetes OpenAPI schemas as compiled by `kubernetes-models` (one
 * JSON-schema validator per apiVersion/kind, generated from the upstream OpenAPI document and
 * shipped in the npm package, so nothing is fetched).
 *
 * Those schemas, like the OpenAPI document they come from, do not forbid unknown fields, and a
 * misspelt field (`readinesProbe`) is silently dropped by the API server. So the object is handed
 * to the validator through a Proxy that records which fields the validator looked at: a field it
 * never read is unknown to the schema. Maps (labels, data, resources.limits) are recognised
 * because the validator enumerates their keys instead of reading named fields.
 */

interface ModelClass {
  apiVersion?: string;
  kind?: string;
  prototype: { validate(this: unknown): void };
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: unknown;
}

const load = createRequire(__filename);
const models = new Map<string, ModelClass | string>();

const API_VERSION = /^(?:[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v\d+(?:(?:alpha|beta)\d+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/** The model class of a top-level resource, or why there is none. */
function modelFor(apiVersion: string, kind: string): ModelClass | string {
  const key = `${apiVersion}/${kind}`;
  const cached = models.get(key);
  if (cached) return cached;
  let result: ModelClass | string;
  if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) {
    result = `malformed apiVersion/kind ${key}`;
  } else {
    try {
      const mod: unknown = load(`kubernetes-models/${key}`);
      const model = isRecord(mod) ? (mod[kind] as ModelClass | undefined) : undefined;
      result =
        model && model.apiVersion === apiVersion && model.kind === kind
          ? model
          : `${key} is not a top-level Kubernetes resource`;
    } catch {
      result = `no Kubernetes schema for ${key} (unknown apiVersion or kind)`;
    }
  }
  models.set(key, result);
  return result;
}

interface Visit {
  path: string;
  value: Record<string, unknown>;
  read: Set<string>;
  enumerated: boolean;
}

function tracked(value: unknown, path: string, visits: Visit[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const visit: Visit | undefined = Array.isArray(value)
    ? undefined
    : { path, value: value as Record<string, unknown>, read: new Set(), enumerated: false };
  if (visit) visits.push(visit);
  const children = new Map<string, unknown>();
  return new Proxy(value, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      visit?.read.add(key);
      if (!children.has(key)) children.set(key, tracked(child, `${path}/${key}`, visits));
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === 'string') visit?.read.add(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') visit?.read.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      if (visit) visit.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

const describeError = (e: AjvError): string =>
  `${e.instancePath || '/'} ${e.message ?? `${e.keyword ?? 'invalid'} ${JSON.stringify(e.params)}`}`;

/** Every schema violation of one object (empty when it is valid), as "/json/pointer message". */
export function schemaErrors(object: unknown): string[] {
  if (!isRecord(object)) return ['/ must be a mapping'];
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['/ must have string apiVersion and kind'];
  const model = modelFor(apiVersion, kind);
  if (typeof model === 'string') return [`/ ${model}`];

  const visits: Visit[] = [];
  const errors: string[] = [];
  try {
    model.prototype.validate.call(tracked(object, '', visits));
  } catch (error) {
    const list = isRecord(error) && Array.isArray(error['errors']) ? (error['errors'] as AjvError[]) : undefined;
    if (list) errors.push(...list.map(describeError));
    else errors.push(`/ ${String(error)}`);
  }
  for (const visit of visits) {
    if (visit.enumerated) continue;
    for (const key of Object.keys(visit.value)) {
      if (!visit.read.has(key)) errors.push(`${visit.path}/${key} is not a field of the schema`);
    }
  }
  return errors;
}
