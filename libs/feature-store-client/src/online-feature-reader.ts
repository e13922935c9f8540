import type Redis from 'ioredis';
import { decodeFeatures, onlineKey, type OnlineFeatures } from './online-keys';

export interface OnlineFeatureQuery {
  tenantId: string;
  view: string;
  entityIds: readonly string[];
}

/** Reads entities' online features; any number of entities costs one Redis round trip. */
export class OnlineFeatureReader {
  constructor(private readonly redis: Redis) {}

  async getOnlineFeatures(query: OnlineFeatureQuery): Promise<Map<string, OnlineFeatures | null>> {
    const unique = [...new Set(query.entityIds)];
    const result = new Map<string, OnlineFeatures | null>();
    if (unique.length === 0) return result;
    const pipeline = this.redis.pipeline();
    for (const id of unique) pipeline.hgetall(onlineKey(query.tenantId, query.view, id));
    const replies = (await pipeline.exec()) ?? [];
    unique.forEach((id, i) => {
      const [err, fields] = replies[i] ?? [new Error('no reply'), null];
      if (err) throw err;
      result.set(id, decodeFeatures((fields ?? {}) as Record<string, string>));
    });
    return result;
  }
}
