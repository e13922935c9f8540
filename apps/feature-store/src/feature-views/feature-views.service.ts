import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { FeatureServiceDefinitionSchema, ResourceNameSchema, type FeatureViewDefinition, type FieldError, type grpc, type ResolvedFeatureView } from '@foresight/contracts';
import { OnlineDefinitionMirror, type MirroredService } from '@foresight/feature-store-client';
import { parseOrThrow, ValidationException } from '@foresight/platform';
import { EntitiesService } from '../entities/entities.service';
import { checkFeatureView, definitionInput, resolveFeatures, toMirroredView } from './feature-view-definition';
import { FeatureServiceConflictException, FeatureServiceNotFoundException, FeatureViewNotFoundException } from './feature-views.exception';
import { FeatureViewsRepository, type ViewVersionRow } from './feature-views.repository';

/** What the write path needs of a view's latest version. */
export interface ViewSchema {
  version: number;
  ttlMs: number;
  features: ReadonlyMap<string, ResolvedFeatureView>;
}

@Injectable()
export class FeatureViewsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeatureViewsService.name);

  constructor(
    private readonly repository: FeatureViewsRepository,
    private readonly entities: EntitiesService,
    @Inject(OnlineDefinitionMirror) private readonly mirror: OnlineDefinitionMirror,
  ) {}

  /** Redis has no persistence here: re-mirror every definition so reads resolve after a restart. */
  async onApplicationBootstrap(): Promise<void> {
    const [versions, services] = await Promise.all([this.repository.allVersions(), this.repository.allServices()]);
    const servicesMirrored = await Promise.all(services.map(async (s) => ({ tenantId: s.tenantId, service: await this.mirroredService(s.tenantId, s.name, s.features) })));
    await this.mirror.write(versions.map((v) => ({ tenantId: v.tenantId, view: mirrored(v) })), servicesMirrored);
    this.logger.log(`mirrored ${versions.length} feature view versions and ${services.length} feature services into Redis`);
  }

  /**
   * Validates the definition (entity exists, durations parse, expressions compile), then stores
   * it as version n+1 unless it equals the latest version. The Redis mirror is written after the
   * commit, on every apply, so a retry repairs a mirror write that failed.
   */
  async applyView(tenantId: string, request: grpc.ApplyFeatureViewRequest): Promise<grpc.ApplyFeatureViewResponse> {
    const checked = checkFeatureView(definitionInput(request));
    await this.entities.require(tenantId, checked.definition.entity);
    const { row, created } = await this.repository.applyVersion(tenantId, checked);
    await this.mirror.write([{ tenantId, view: mirrored(row) }]);
    return { view: toFeatureViewVersion(row), created };
  }

  async listViews(tenantId: string): Promise<grpc.FeatureViewSummary[]> {
    const views = await this.repository.listViews(tenantId);
    return views.flatMap((v) => {
      const latest = v.versions[0];
      return latest ? [{ name: v.name, latestVersion: latest.version, entity: latest.entity, createdAt: v.createdAt.toISOString(), updatedAt: latest.createdAt.toISOString() }] : [];
    });
  }

  async getView(tenantId: string, name: string, version?: number): Promise<grpc.FeatureViewVersion> {
    return toFeatureViewVersion(await this.requireVersion(tenantId, name, version));
  }

  async listVersions(tenantId: string, name: string): Promise<grpc.ListFeatureViewVersionsResponse> {
    parseOrThrow(ResourceNameSchema, name, 'feature view name', ['name']);
    const rows = await this.repository.listVersions(tenantId, name);
    if (rows.length === 0) throw new FeatureViewNotFoundException(name);
    return { name, versions: rows.map(toFeatureViewVersion) };
  }

  /** The latest version's features and TTL, or null for a view without a definition. */
  async latestSchema(tenantId: string, name: string): Promise<ViewSchema | null> {
    const row = await this.repository.findVersion(tenantId, name);
    if (!row) return null;
    return { version: row.version, ttlMs: Number(row.ttlMs), features: new Map(resolveFeatures(definitionOf(row)).map((f) => [f.name, f])) };
  }

  /**
   * Every reference must name an existing view (and version, when pinned) and a feature it has,
   * or `*`. Immutable like entities: the same definition again is idempotent, another one conflicts.
   */
  async applyService(tenantId: string, request: grpc.ApplyFeatureServiceRequest): Promise<grpc.ApplyFeatureServiceResponse> {
    const definition = parseOrThrow(FeatureServiceDefinitionSchema, request, 'feature service');
    const service = await this.mirroredService(tenantId, definition.name, definition.features);
    const { row, created } = await this.repository.createServiceIfAbsent(tenantId, definition);
    const same = row.description === definition.description && row.features.length === definition.features.length && row.features.every((f, i) => f === definition.features[i]);
    if (!same) throw new FeatureServiceConflictException(definition.name);
    await this.mirror.write([], [{ tenantId, service }]);
    return { service: toFeatureService(row), created };
  }

  async listServices(tenantId: string): Promise<grpc.FeatureService[]> {
    return (await this.repository.listServices(tenantId)).map(toFeatureService);
  }

  async getService(tenantId: string, name: string): Promise<grpc.FeatureService> {
    parseOrThrow(ResourceNameSchema, name, 'feature service name', ['name']);
    const row = await this.repository.findService(tenantId, name);
    if (!row) throw new FeatureServiceNotFoundException(name);
    return toFeatureService(row);
  }

  private async requireVersion(tenantId: string, name: string, version?: number): Promise<ViewVersionRow> {
    parseOrThrow(ResourceNameSchema, name, 'feature view name', ['name']);
    const row = await this.repository.findVersion(tenantId, name, version);
    if (row) return row;
    if (version && (await this.repository.findVersion(tenantId, name))) throw new FeatureViewNotFoundException(name, version);
    throw new FeatureViewNotFoundException(name);
  }

  /** Resolves `view[@n]:feature|*` references against the stored views (404 naming a missing view). */
  private async mirroredService(tenantId: string, name: string, refs: readonly string[]): Promise<MirroredService> {
    const byView = new Map<string, { view: string; version: number; features: string[] | '*' }>();
    const errors: FieldError[] = [];
    for (const [i, ref] of refs.entries()) {
      const { view, version, feature } = parseFeatureRef(ref);
      const row = await this.requireVersion(tenantId, view, version || undefined);
      const known = new Set(resolveFeatures(definitionOf(row)).map((f) => f.name));
      if (feature !== '*' && !known.has(feature)) {
        errors.push({ path: `features.${i}`, message: `feature view "${view}" (version ${row.version}) has no feature "${feature}" (it has ${[...known].join(', ')})` });
        continue;
      }
      const entry = byView.get(view) ?? { view, version, features: [] };
      if (entry.version !== version) {
        errors.push({ path: `features.${i}`, message: `feature view "${view}" is referenced at two versions; a service reads one version of each view` });
        continue;
      }
      entry.features = feature === '*' || entry.features === '*' ? '*' : [...entry.features, feature];
      byView.set(view, entry);
    }
    if (errors.length) throw new ValidationException(`Invalid feature service "${name}": ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
    return { name, refs: [...byView.values()] };
  }
}

/** `view:feature`, `view:*`, `view@3:feature` (the contract's FeatureRefSchema has checked the shape). */
export function parseFeatureRef(ref: string): { view: string; version: number; feature: string } {
  const colon = ref.indexOf(':');
  const [view, version] = ref.slice(0, colon).split('@');
  return { view: view!, version: version ? Number(version) : 0, feature: ref.slice(colon + 1) };
}

const definitionOf = (row: ViewVersionRow) => row.definition as unknown as FeatureViewDefinition;

const mirrored = (row: ViewVersionRow) => toMirroredView(row.view.name, row.version, Number(row.ttlMs), resolveFeatures(definitionOf(row)));

function toFeatureViewVersion(row: ViewVersionRow): grpc.FeatureViewVersion {
  const d = definitionOf(row);
  return {
    name: row.view.name,
    version: row.version,
    entity: d.entity,
    source: {
      kind: 'dataset' in d.source ? { $case: 'dataset', value: { name: d.source.dataset.name, version: d.source.dataset.version ?? 0 } } : { $case: 'stream', value: d.source.stream },
    },
    timestampColumn: d.timestampColumn,
    ttl: d.ttl,
    ttlMs: Number(row.ttlMs),
    features: d.features.map((f) => ({ name: f.name, expr: f.expr ?? '', dtype: f.dtype })),
    aggregations: d.aggregations.map((a) => ({ column: a.column, fn: a.fn, windows: a.windows })),
    description: d.description,
    resolvedFeatures: resolveFeatures(d).map((f) => ({
      name: f.name,
      dtype: f.dtype,
      kind: f.kind,
      expr: f.expr ?? '',
      column: f.aggregation?.column ?? '',
      fn: f.aggregation?.fn ?? '',
      window: f.aggregation?.window ?? '',
      windowMs: f.aggregation?.windowMs ?? 0,
    })),
    definitionHash: row.definitionHash,
    createdAt: row.createdAt.toISOString(),
  };
}

function toFeatureService(row: { name: string; features: string[]; description: string; createdAt: Date }): grpc.FeatureService {
  return { name: row.name, features: row.features, description: row.description, createdAt: row.createdAt.toISOString() };
}
