import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { FeatureViewDefinition } from '@foresight/contracts';
import { APP_CONFIG } from '@foresight/platform';
import { parseDuration } from '../engine';
import type { StreamingConfig } from './streaming.config';
import { toStreamView, type StreamView } from './stream-view';
import { StreamViewsRepository } from './stream-views.repository';

/**
 * The stream views of every tenant, in memory: an event looks its views up by (tenant, topic) with
 * no SQL. A cheap marker query (count and newest creation time of view versions) is polled and the
 * cache rebuilt when it moves, so a newly applied view starts aggregating within one poll interval;
 * events that arrive before that are not aggregated into it.
 */
@Injectable()
export class StreamViewRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StreamViewRegistry.name);
  private byTopic = new Map<string, StreamView[]>();
  private byName = new Map<string, StreamView>();
  private tenants: string[] = [];
  private marker: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | null = null;
  private readonly allowedLatenessMs: number;

  constructor(
    private readonly repository: StreamViewsRepository,
    @Inject(APP_CONFIG) private readonly config: StreamingConfig,
  ) {
    this.allowedLatenessMs = parseDuration(config.FEATURE_STREAM_ALLOWED_LATENESS);
  }

  async onModuleInit(): Promise<void> {
    if (this.config.FEATURE_STREAMS.length === 0) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((err) => this.logger.warn({ err }, 'could not refresh stream view definitions')), this.config.FEATURE_STREAM_DEFINITIONS_POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  viewsFor(tenantId: string, topic: string): readonly StreamView[] {
    return this.byTopic.get(`${tenantId}\n${topic}`) ?? [];
  }

  view(tenantId: string, name: string): StreamView | undefined {
    return this.byName.get(`${tenantId}\n${name}`);
  }

  /** Tenants that have at least one stream view. */
  tenantIds(): readonly string[] {
    return this.tenants;
  }

  /** Reloads when a definition changed since the last load (concurrent calls share one load). */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    const marker = await this.repository.definitionsMarker();
    if (marker === this.marker) return;
    const rows = await this.repository.latestStreamVersions();
    const joinKeys = await this.repository.joinKeys([...new Set(rows.map((r) => r.tenantId))]);
    const byTopic = new Map<string, StreamView[]>();
    const byName = new Map<string, StreamView>();
    for (const row of rows) {
      const definition = row.definition as unknown as FeatureViewDefinition;
      const keys = joinKeys.get(`${row.tenantId}/${row.entity}`);
      if (!keys) continue;
      let view: StreamView | null;
      try {
        view = toStreamView({ tenantId: row.tenantId, name: row.view.name, version: row.version, ttlMs: Number(row.ttlMs), definition, joinKeys: keys }, this.allowedLatenessMs);
      } catch (err) {
        this.logger.error({ err, tenantId: row.tenantId, view: row.view.name, version: row.version }, 'stream view cannot be aggregated; skipped');
        continue;
      }
      if (!view) continue;
      if (!this.config.FEATURE_STREAMS.includes(view.topic) && !this.byName.has(`${view.tenantId}\n${view.name}`)) {
        this.logger.warn({ tenantId: view.tenantId, view: view.name, topic: view.topic }, 'feature view reads a stream this feature store does not consume (FEATURE_STREAMS)');
      }
      byName.set(`${view.tenantId}\n${view.name}`, view);
      const key = `${view.tenantId}\n${view.topic}`;
      byTopic.set(key, [...(byTopic.get(key) ?? []), view]);
    }
    this.byTopic = byTopic;
    this.byName = byName;
    this.tenants = [...new Set([...byName.values()].map((v) => v.tenantId))];
    this.marker = marker;
    this.logger.log(`cached ${byName.size} stream feature views of ${this.tenants.length} tenants`);
  }
}
