import type { FeatureMap, FeatureValue } from '@foresight/contracts';

/**
 * Layout of the online store, shared by the feature store (writer) and its readers.
 * One Redis hash per (tenant, view, entity): field = feature name, value = JSON-encoded value,
 * so numbers, strings and booleans come back with their type. The tenant sits in a hash tag so
 * a tenant's keys stay on one cluster slot, and no key can be built without a tenant.
 */
export const onlineKey = (tenantId: string, view: string, entityId: string): string =>
  `fs:{${tenantId}}:${encodeURIComponent(view)}:${encodeURIComponent(entityId)}`;

/** Hash field holding the event time of the latest write (epoch ms). */
export const EVENT_TIME_FIELD = '__event_time';

export function encodeFeatures(features: FeatureMap, eventTime: Date): Record<string, string> {
  const fields: Record<string, string> = { [EVENT_TIME_FIELD]: String(eventTime.getTime()) };
  for (const [name, value] of Object.entries(features)) fields[name] = JSON.stringify(value);
  return fields;
}

export interface OnlineFeatures {
  features: Record<string, FeatureValue>;
  eventTime: Date;
}

export function decodeFeatures(fields: Record<string, string>): OnlineFeatures | null {
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  const features: Record<string, FeatureValue> = {};
  let eventTime = new Date(0);
  for (const [name, raw] of entries) {
    if (name === EVENT_TIME_FIELD) eventTime = new Date(Number(raw));
    else features[name] = JSON.parse(raw) as FeatureValue;
  }
  return { features, eventTime };
}
