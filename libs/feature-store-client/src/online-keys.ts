import type { FeatureDtype, FeatureValue } from '@foresight/contracts';

/**
 * Layout of the online store, shared by the feature store (definitions, PUT writes), its
 * materialization and streaming writers, and every reader. All keys of a tenant carry the tenant
 * in a hash tag, so they sit on one cluster slot (a Lua script may touch any of them) and no key
 * can be built without a tenant.
 *
 *   fs:{<tenant>}:<view>:<entity>   HASH  one per (view, entity)
 *       field  <feature name>
 *       value  "<event time, epoch ms>|<JSON value>"   e.g. "1767323045000|812"
 *       Each feature keeps its own event time; a write replaces a feature only when its event
 *       time is not older than the stored one, so replays and late events never roll values back.
 *       The key expires (PEXPIREAT) one TTL after its newest event time: every value in it is
 *       expired by then. Readers do not rely on that: TTL is checked per feature on read.
 *       Keys are per view, not per view version: a new version that keeps a feature's name keeps
 *       its online values (re-materialize when an expression changes meaning).
 *
 *   fs:{<tenant>}:defs              HASH  the definitions readers need, mirrored from PostgreSQL
 *       "v:<view>"        latest version of a view   (MirroredView JSON)
 *       "v:<view>@<n>"    version n of a view        (MirroredView JSON)
 *       "s:<service>"     a feature service          (MirroredService JSON)
 *       Written by the feature store when a definition is applied (and re-synced at start-up), so
 *       a read resolves "latest", TTLs, feature lists and services inside Redis, never in SQL.
 *       A view written through PUT without a definition is mirrored as version 0, no TTL, open
 *       feature list.
 *
 * View names are resource names ([A-Za-z0-9._-]) and go into keys as they are; entity ids are
 * URI-encoded so separators inside them cannot make two keys collide.
 */
export const tenantPrefix = (tenantId: string): string => `fs:{${tenantId}}:`;

export const onlineKey = (tenantId: string, view: string, entityId: string): string =>
  `${tenantPrefix(tenantId)}${encodeURIComponent(view)}:${encodeURIComponent(entityId)}`;

export const definitionsKey = (tenantId: string): string => `${tenantPrefix(tenantId)}defs`;

export const viewField = (view: string, version?: number): string => (version ? `v:${view}@${version}` : `v:${view}`);
export const serviceField = (service: string): string => `s:${service}`;

/** A view version as readers see it: what to fetch, how long values live. */
export interface MirroredView {
  name: string;
  /** 0 = written without a definition. */
  version: number;
  /** 0 = values never expire. */
  ttlMs: number;
  /** [name, dtype] in definition order; absent = open (any feature the writer sent). */
  features?: [string, FeatureDtype][];
}

/** A feature service: per referenced view, the version (0 = latest) and the features ("*" = all). */
export interface MirroredService {
  name: string;
  refs: { view: string; version: number; features: string[] | '*' }[];
}

/** A composite join key's entity id is the JSON array of its values; a single key's is the value. */
export const entityIdOf = (joinKeys: readonly string[], row: Record<string, unknown>): string =>
  joinKeys.length === 1 ? String(row[joinKeys[0]!]) : JSON.stringify(joinKeys.map((k) => row[k] ?? null));

export const encodeOnlineValue = (value: FeatureValue, eventTimeMs: number): string => `${eventTimeMs}|${JSON.stringify(value)}`;

export function decodeOnlineValue(raw: string): { value: FeatureValue; eventTimeMs: number } {
  const bar = raw.indexOf('|');
  const json = raw.slice(bar + 1);
  // Numbers and booleans skip JSON.parse (the hot path decodes thousands per read); JSON's number
  // syntax is a subset of what Number() accepts, so the result is the same.
  const first = json.charCodeAt(0);
  const value: FeatureValue = first === 34 ? (JSON.parse(json) as string) : json === 'true' ? true : json === 'false' ? false : Number(json);
  return { eventTimeMs: Number(raw.slice(0, bar)), value };
}
