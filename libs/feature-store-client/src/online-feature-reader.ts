import type { FeatureValue, OnlineEntityFeatures, OnlineFeatureReading, OnlineFeaturesResult, ResolvedViewRef, ViewRef } from '@foresight/contracts';
import type Redis from 'ioredis';
import { decodeOnlineValue, definitionsKey, tenantPrefix } from './online-keys';
import { defineScript, READ_SCRIPT } from './online-scripts';

export type OnlineFeatureTarget = { view: ViewRef } | { views: readonly ViewRef[] } | { featureService: string };

export type OnlineFeatureQuery = OnlineFeatureTarget & {
  tenantId: string;
  entityIds: readonly string[];
  /** Only these features: bare names for `view`, `view:feature` for `views` and `featureService`. */
  features?: readonly string[];
};

export type OnlineLookupErrorCode = 'unknown_view' | 'unknown_version' | 'unknown_service' | 'unknown_feature' | 'invalid_query';

/** The query names a view, version, service or feature the tenant does not have, or is malformed. */
export class OnlineFeatureLookupError extends Error {
  constructor(
    readonly code: OnlineLookupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OnlineFeatureLookupError';
  }
}

interface ScriptTarget {
  view: string;
  version: number;
  features?: string[];
  strict: boolean;
}

interface ScriptHeader {
  error?: OnlineLookupErrorCode;
  view?: string;
  version?: number;
  service?: string;
  feature?: string;
  views?: { view: string; version: number; ttlMs: number; features?: string[] }[];
}

type ScriptedRedis = Redis & { foresightOnlineRead(defsKey: string, prefix: string, request: string, ids: string): Promise<unknown[]> };

const COMMAND = 'foresightOnlineRead';
const VIEW_REF = /^([A-Za-z0-9][A-Za-z0-9._-]{0,127})(?:@([1-9][0-9]{0,8}))?$/;

/** `view`, `view@3` or `{ view, version }` → name and version (0 = latest). */
export function parseViewRef(ref: ViewRef): { view: string; version: number } {
  if (typeof ref !== 'string') return { view: ref.view, version: ref.version ?? 0 };
  const match = VIEW_REF.exec(ref);
  if (!match) throw new OnlineFeatureLookupError('invalid_query', `"${ref}" is not a feature view reference ("name" or "name@<version>")`);
  return { view: match[1]!, version: match[2] ? Number(match[2]) : 0 };
}

/**
 * Reads online features of any number of entities across views or a feature service in ONE
 * Redis round trip (a Lua script resolves versions, TTLs and services from the mirrored
 * definitions and reads the entity hashes; see online-scripts.ts), and honours each view's TTL
 * on read: every feature comes back `present` with its age, `missing`, or `expired`.
 */
export class OnlineFeatureReader {
  private readonly redis: ScriptedRedis;

  constructor(redis: Redis, private readonly now: () => number = Date.now) {
    defineScript(redis, COMMAND, 1, READ_SCRIPT, true);
    this.redis = redis as unknown as ScriptedRedis;
  }

  async getOnlineFeatures(query: OnlineFeatureQuery): Promise<OnlineFeaturesResult> {
    const entityIds = [...new Set(query.entityIds)];
    const { request, qualified, serviceFilter } = scriptRequest(query);
    if (entityIds.length === 0 || (request.views && request.views.length === 0)) return { views: [], entities: entityIds.map((entityId) => ({ entityId, features: {} })) };
    const [rawHeader, ...replies] = await this.redis.foresightOnlineRead(
      definitionsKey(query.tenantId),
      tenantPrefix(query.tenantId),
      JSON.stringify(request),
      JSON.stringify(entityIds.map(encodeURIComponent)),
    );
    const header = JSON.parse(String(rawHeader)) as ScriptHeader;
    if (header.error) throw lookupError(header);
    const now = this.now();
    const entities: OnlineEntityFeatures[] = entityIds.map((entityId) => ({ entityId, features: {} }));
    const views: ResolvedViewRef[] = [];
    let r = 0;
    for (const view of header.views ?? []) {
      views.push({ view: view.view, version: view.version, ttlMs: view.ttlMs > 0 ? view.ttlMs : null });
      const prefix = qualified ? `${view.view}:` : '';
      for (const entity of entities) {
        const reply = replies[r++] as (string | null)[];
        const names = view.features;
        const fields: [string, string | null][] = names ? names.map((n, i) => [n, reply[i] ?? null]) : pairs(reply);
        for (const [name, raw] of fields) entity.features[prefix + name] = reading(raw, view.ttlMs, now);
      }
    }
    if (serviceFilter) applyServiceFilter(entities, serviceFilter, query);
    return { views, entities };
  }

  /**
   * The present (unexpired) values per entity, null for an entity with none — a view nobody has
   * defined or written yet counts as having none (what prediction serving needs to answer 404).
   */
  async presentValuesByEntity(query: OnlineFeatureQuery): Promise<Map<string, Record<string, FeatureValue> | null>> {
    try {
      const { entities } = await this.getOnlineFeatures(query);
      return new Map(entities.map((e) => [e.entityId, presentValues(e)]));
    } catch (error) {
      if (error instanceof OnlineFeatureLookupError && error.code === 'unknown_view') return new Map(query.entityIds.map((id) => [id, null]));
      throw error;
    }
  }
}

/** The feature values of an entity that are present (not missing, not expired), by name. */
export function presentValues(entity: OnlineEntityFeatures): Record<string, FeatureValue> | null {
  const out: Record<string, FeatureValue> = {};
  let any = false;
  for (const [name, f] of Object.entries(entity.features)) {
    if (f.status === 'present' && f.value !== null) {
      out[name] = f.value;
      any = true;
    }
  }
  return any ? out : null;
}

export function reading(raw: string | null, ttlMs: number, now: number): OnlineFeatureReading {
  if (raw === null) return { value: null, ageMs: null, status: 'missing' };
  const { value, eventTimeMs } = decodeOnlineValue(raw);
  const ageMs = Math.max(0, now - eventTimeMs);
  return ttlMs > 0 && ageMs > ttlMs ? { value: null, ageMs, status: 'expired' } : { value, ageMs, status: 'present' };
}

function pairs(flat: (string | null)[]): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1] ?? null]);
  return out;
}

/** The script's request, and whether names come back qualified (`view:feature`). */
export function scriptRequest(query: OnlineFeatureQuery): { request: { service?: string; views?: ScriptTarget[] }; qualified: boolean; serviceFilter?: Set<string> } {
  const filter = query.features ? [...new Set(query.features)] : undefined;
  if ('featureService' in query) {
    return { request: { service: query.featureService }, qualified: true, ...(filter ? { serviceFilter: new Set(filter) } : {}) };
  }
  if ('view' in query) {
    return { request: { views: [{ ...parseViewRef(query.view), ...(filter ? { features: filter } : {}), strict: true }] }, qualified: false };
  }
  const refs = query.views.map(parseViewRef);
  const seen = new Set<string>();
  for (const ref of refs) {
    if (seen.has(ref.view)) throw new OnlineFeatureLookupError('invalid_query', `View "${ref.view}" is listed twice in views`);
    seen.add(ref.view);
  }
  if (!filter) return { request: { views: refs.map((ref) => ({ ...ref, strict: true })) }, qualified: true };
  const byView = new Map<string, string[]>();
  for (const name of filter) {
    const colon = name.indexOf(':');
    const view = colon > 0 ? name.slice(0, colon) : '';
    if (!seen.has(view)) {
      throw new OnlineFeatureLookupError('invalid_query', `Feature "${name}" must be "<view>:<feature>" with a view listed in views (${[...seen].join(', ')})`);
    }
    byView.set(view, [...(byView.get(view) ?? []), name.slice(colon + 1)]);
  }
  return { request: { views: refs.filter((r) => byView.has(r.view)).map((ref) => ({ ...ref, features: byView.get(ref.view)!, strict: true })) }, qualified: true };
}

function applyServiceFilter(entities: OnlineEntityFeatures[], filter: Set<string>, query: OnlineFeatureQuery): void {
  const known = new Set(Object.keys(entities[0]?.features ?? {}));
  const unknown = [...filter].filter((name) => !known.has(name));
  if (unknown.length) {
    const service = 'featureService' in query ? query.featureService : '';
    throw new OnlineFeatureLookupError('unknown_feature', `Feature service "${service}" has no feature ${unknown.map((u) => `"${u}"`).join(', ')} (it has ${[...known].join(', ')})`);
  }
  for (const entity of entities) {
    for (const name of Object.keys(entity.features)) if (!filter.has(name)) delete entity.features[name];
  }
}

function lookupError(header: ScriptHeader): OnlineFeatureLookupError {
  switch (header.error) {
    case 'unknown_service':
      return new OnlineFeatureLookupError('unknown_service', `Feature service "${header.service}" does not exist`);
    case 'unknown_version':
      return new OnlineFeatureLookupError('unknown_version', `Feature view "${header.view}" has no version ${header.version}`);
    case 'unknown_feature':
      return new OnlineFeatureLookupError('unknown_feature', `Feature view "${header.view}" (version ${header.version}) has no feature "${header.feature}"`);
    default:
      return new OnlineFeatureLookupError('unknown_view', `Feature view "${header.view}" does not exist (it has neither a definition nor written features)`);
  }
}
