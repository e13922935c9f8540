import type { FeatureMap } from '@foresight/contracts';
import type Redis from 'ioredis';
import { definitionsKey, encodeOnlineValue, onlineKey, type MirroredView } from './online-keys';
import { defineScript, WRITE_SCRIPT } from './online-scripts';

export interface OnlineWrite {
  tenantId: string;
  view: string;
  entityId: string;
  features: FeatureMap;
  eventTime: Date;
  /** The view's TTL (0 = none): the key's expiry follows the newest event time + TTL. */
  ttlMs: number;
  /** False for a view written without a definition: it is mirrored as an open version 0. */
  defined: boolean;
}

type ScriptedRedis = Redis & { foresightOnlineWrite(entityKey: string, defsKey: string, ...args: (string | number)[]): Promise<number> };

const COMMAND = 'foresightOnlineWrite';

/**
 * Writes entities' features to the online store (layout: online-keys.ts): newest event time
 * wins per feature, so replays and late events are harmless. Many writes = one pipelined round trip.
 */
export class OnlineFeatureWriter {
  private readonly redis: ScriptedRedis;

  constructor(redis: Redis) {
    defineScript(redis, COMMAND, 2, WRITE_SCRIPT);
    this.redis = redis as unknown as ScriptedRedis;
  }

  /** Per write, how many features replaced the stored value (0 when every stored one is newer). */
  async write(writes: readonly OnlineWrite[]): Promise<number[]> {
    if (writes.length === 0) return [];
    const pipeline = this.redis.pipeline() as unknown as { foresightOnlineWrite: ScriptedRedis['foresightOnlineWrite']; exec(): Promise<[Error | null, unknown][] | null> };
    for (const w of writes) {
      const t = w.eventTime.getTime();
      const open: MirroredView = { name: w.view, version: 0, ttlMs: 0 };
      const args: string[] = [];
      for (const [name, value] of Object.entries(w.features)) args.push(name, encodeOnlineValue(value, t));
      void pipeline.foresightOnlineWrite(onlineKey(w.tenantId, w.view, w.entityId), definitionsKey(w.tenantId), t, w.ttlMs, w.view, w.defined ? '' : JSON.stringify(open), ...args);
    }
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, written]) => {
      if (error) throw error;
      return Number(written);
    });
  }
}
