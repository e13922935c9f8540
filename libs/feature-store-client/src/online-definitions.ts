import type Redis from 'ioredis';
import { definitionsKey, serviceField, type MirroredService, type MirroredView } from './online-keys';
import { defineScript, MIRROR_VIEW_SCRIPT } from './online-scripts';

type ScriptedRedis = Redis & { foresightMirrorView(defsKey: string, view: string, version: number, json: string): Promise<number> };

const COMMAND = 'foresightMirrorView';

/**
 * Writes the definitions readers resolve in Redis (layout: online-keys.ts). The feature store
 * calls it after PostgreSQL has committed a definition, and re-mirrors everything at start-up, so
 * the mirror converges on the database even after a failed write or a Redis restart.
 */
export class OnlineDefinitionMirror {
  private readonly redis: ScriptedRedis;

  constructor(redis: Redis) {
    defineScript(redis, COMMAND, 1, MIRROR_VIEW_SCRIPT);
    this.redis = redis as unknown as ScriptedRedis;
  }

  /** Mirrors view versions (any tenants, any order) and feature services in one pipelined round trip. */
  async write(views: readonly { tenantId: string; view: MirroredView }[], services: readonly { tenantId: string; service: MirroredService }[] = []): Promise<void> {
    if (views.length + services.length === 0) return;
    const pipeline = this.redis.pipeline() as unknown as Pick<ScriptedRedis, 'foresightMirrorView' | 'hset'> & { exec(): Promise<[Error | null, unknown][] | null> };
    for (const { tenantId, view } of views) void pipeline.foresightMirrorView(definitionsKey(tenantId), view.name, view.version, JSON.stringify(view));
    for (const { tenantId, service } of services) void pipeline.hset(definitionsKey(tenantId), serviceField(service.name), JSON.stringify(service));
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }
}
