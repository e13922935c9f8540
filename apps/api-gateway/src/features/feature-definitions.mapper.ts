import type {
  EntityView,
  FeatureDtype,
  FeatureServiceView,
  FeatureViewDefinition,
  FeatureViewSummaryView,
  FeatureViewVersionView,
  grpc,
  AggregationFn,
  OnlineFeaturesBody,
  OnlineFeaturesResult,
  OnlineFeatureStatus,
  ResolvedFeatureView,
} from '@foresight/contracts';

/** Wire (gRPC) ↔ REST shapes of the feature store's definitions and online reads. */

export function toApplyFeatureViewRequest(d: FeatureViewDefinition): grpc.ApplyFeatureViewRequest {
  return {
    name: d.name,
    entity: d.entity,
    source: { kind: 'dataset' in d.source ? { $case: 'dataset', value: { name: d.source.dataset.name, version: d.source.dataset.version ?? 0 } } : { $case: 'stream', value: d.source.stream } },
    timestampColumn: d.timestampColumn,
    ttl: d.ttl,
    features: d.features.map((f) => ({ name: f.name, expr: f.expr ?? '', dtype: f.dtype })),
    aggregations: d.aggregations,
    description: d.description,
  };
}

export function toGetOnlineFeaturesRequest(body: OnlineFeaturesBody): grpc.GetOnlineFeaturesRequest {
  const ref = (r: NonNullable<OnlineFeaturesBody['view']>): grpc.ViewRef => {
    if (typeof r !== 'string') return { view: r.view, version: r.version ?? 0 };
    const [view, version] = r.split('@');
    return { view: view!, version: version ? Number(version) : 0 };
  };
  const target: grpc.GetOnlineFeaturesRequest['target'] =
    body.view !== undefined
      ? { $case: 'view', value: ref(body.view) }
      : body.views !== undefined
        ? { $case: 'views', value: { views: body.views.map(ref) } }
        : { $case: 'featureService', value: body.featureService! };
  return { target, entityIds: body.entityIds, features: body.features ?? [] };
}

export const toEntityView = (e: grpc.Entity): EntityView => ({ name: e.name, joinKeys: e.joinKeys, description: e.description, createdAt: e.createdAt });

export const toFeatureServiceView = (s: grpc.FeatureService): FeatureServiceView => ({ name: s.name, features: s.features, description: s.description, createdAt: s.createdAt });

export const toFeatureViewSummary = (v: grpc.FeatureViewSummary): FeatureViewSummaryView => ({
  name: v.name,
  latestVersion: v.latestVersion,
  entity: v.entity,
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
});

export function toFeatureViewVersionView(v: grpc.FeatureViewVersion): FeatureViewVersionView {
  const kind = v.source?.kind;
  return {
    name: v.name,
    version: v.version,
    entity: v.entity,
    source: kind?.$case === 'dataset' ? { dataset: { name: kind.value.name, version: kind.value.version || null } } : { stream: kind?.$case === 'stream' ? kind.value : '' },
    timestampColumn: v.timestampColumn,
    ttl: v.ttl,
    ttlMs: v.ttlMs,
    description: v.description,
    features: v.features.map((f) => ({ name: f.name, dtype: f.dtype as FeatureDtype, ...(f.expr ? { expr: f.expr } : {}) })),
    aggregations: v.aggregations.map((a) => ({ column: a.column, fn: a.fn as AggregationFn, windows: a.windows })),
    resolvedFeatures: v.resolvedFeatures.map(
      (f): ResolvedFeatureView => ({
        name: f.name,
        dtype: f.dtype as FeatureDtype,
        kind: f.kind as ResolvedFeatureView['kind'],
        ...(f.expr ? { expr: f.expr } : {}),
        ...(f.kind === 'aggregation' ? { aggregation: { column: f.column, fn: f.fn as AggregationFn, window: f.window, windowMs: f.windowMs } } : {}),
      }),
    ),
    definitionHash: v.definitionHash,
    createdAt: v.createdAt,
  };
}

export function toOnlineFeaturesResult(r: grpc.GetOnlineFeaturesResponse): OnlineFeaturesResult {
  return {
    views: r.views.map((v) => ({ view: v.view, version: v.version, ttlMs: v.ttlMs || null })),
    entities: r.entities.map((e) => ({
      entityId: e.entityId,
      features: Object.fromEntries(
        Object.entries(e.features).map(([name, f]) => [name, { value: f.value ?? null, ageMs: f.ageMs ?? null, status: f.status as OnlineFeatureStatus }]),
      ),
    })),
  };
}
