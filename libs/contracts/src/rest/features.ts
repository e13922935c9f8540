import { z } from 'zod';
import { ExternalIdSchema, FeatureMapSchema, ResourceNameSchema, type FeatureValue } from './common';

// ---- writes

export const PutEntityFeaturesBodySchema = z
  .object({
    features: FeatureMapSchema,
    /** When the values were observed (ISO-8601 with offset); defaults to now. */
    eventTime: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type PutEntityFeaturesBody = z.infer<typeof PutEntityFeaturesBodySchema>;

export interface PutEntityFeaturesResult {
  view: string;
  entityId: string;
  featureCount: number;
  eventTime: string;
  /** The view version the write was checked against; 0 for a view without a definition. */
  viewVersion: number;
}

// ---- definitions

/** Source columns and feature names: any non-blank name up to 256 characters (spaces allowed). */
export const ColumnNameSchema = z
  .string()
  .max(256, 'must be at most 256 characters')
  .refine((s) => s.trim().length > 0, 'must not be blank');

/** A duration such as "30s", "15m", "1h", "7d", "2w" (checked by the feature engine's parser). */
export const DurationTextSchema = z.string().min(1).max(32);

export const FeatureDtypeSchema = z.enum(['int64', 'float64', 'string', 'bool', 'timestamp']);
export type FeatureDtype = z.infer<typeof FeatureDtypeSchema>;

export const AggregationFnSchema = z.enum(['count', 'sum', 'mean', 'min', 'max', 'stddev', 'last', 'distinct_count']);
export type AggregationFn = z.infer<typeof AggregationFnSchema>;

export const EntityDefinitionSchema = z
  .object({
    name: ResourceNameSchema,
    joinKeys: z
      .array(ColumnNameSchema)
      .min(1, 'must name at least one join key')
      .max(8)
      .refine((keys) => new Set(keys).size === keys.length, 'must not repeat a join key'),
    description: z.string().max(2000).default(''),
  })
  .strict();
export type EntityDefinition = z.infer<typeof EntityDefinitionSchema>;

export interface EntityView {
  name: string;
  joinKeys: string[];
  description: string;
  createdAt: string;
}

/** Kafka topics a streaming view reads: `events.<domain>`. */
export const StreamTopicSchema = z
  .string()
  .regex(/^events\.[a-z0-9][a-z0-9_-]{0,63}$/, 'must be "events.<domain>" (lower-case letters, digits, "_" or "-")');

export const FeatureViewSourceSchema = z.union([
  z.object({ dataset: z.object({ name: ResourceNameSchema, version: z.number().int().positive().optional() }).strict() }).strict(),
  z.object({ stream: StreamTopicSchema }).strict(),
]);
export type FeatureViewSource = z.infer<typeof FeatureViewSourceSchema>;

export const FeatureSpecSchema = z
  .object({
    name: ColumnNameSchema,
    /** A feature-engine expression over source columns; absent = the column of the same name. */
    expr: z.string().min(1).max(4096).optional(),
    dtype: FeatureDtypeSchema,
  })
  .strict();
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;

/**
 * Windowed aggregations of a source column. Each (fn, window) pair becomes one feature named
 * `<column>_<fn>_<window>` (e.g. `amount_sum_7d`); count and distinct_count are int64, the
 * others float64.
 */
export const AggregationSpecSchema = z
  .object({
    column: ColumnNameSchema,
    fn: AggregationFnSchema,
    windows: z
      .array(DurationTextSchema)
      .min(1, 'must list at least one window')
      .max(16)
      .refine((w) => new Set(w).size === w.length, 'must not repeat a window'),
  })
  .strict();
export type AggregationSpec = z.infer<typeof AggregationSpecSchema>;

export const FeatureViewDefinitionSchema = z
  .object({
    name: ResourceNameSchema,
    entity: ResourceNameSchema,
    source: FeatureViewSourceSchema,
    timestampColumn: ColumnNameSchema,
    /** How long a value stays valid after its event time; older values read as `expired`. */
    ttl: DurationTextSchema,
    description: z.string().max(2000).default(''),
    features: z.array(FeatureSpecSchema).max(1000).default([]),
    aggregations: z.array(AggregationSpecSchema).max(200).default([]),
  })
  .strict()
  .refine((d) => d.features.length + d.aggregations.length > 0, { message: 'must define at least one feature or aggregation', path: ['features'] });
export type FeatureViewDefinition = z.infer<typeof FeatureViewDefinitionSchema>;

/** The name of one (fn, window) aggregate feature. */
export const aggregateFeatureName = (column: string, fn: AggregationFn, window: string): string => `${column}_${fn}_${window}`;

/** The dtype of an aggregate feature: counts are integers, every other fn a float. */
export const aggregateDtype = (fn: AggregationFn): FeatureDtype => (fn === 'count' || fn === 'distinct_count' ? 'int64' : 'float64');

export interface ResolvedFeatureView {
  name: string;
  dtype: FeatureDtype;
  kind: 'column' | 'expression' | 'aggregation';
  expr?: string;
  aggregation?: { column: string; fn: AggregationFn; window: string; windowMs: number };
}

export interface FeatureViewVersionView {
  name: string;
  version: number;
  entity: string;
  /** Lineage: the dataset (version null = latest at materialization) or the stream topic. */
  source: { dataset: { name: string; version: number | null } } | { stream: string };
  timestampColumn: string;
  ttl: string;
  ttlMs: number;
  description: string;
  features: FeatureSpec[];
  aggregations: AggregationSpec[];
  /** Every feature the version produces, aggregations expanded. */
  resolvedFeatures: ResolvedFeatureView[];
  definitionHash: string;
  createdAt: string;
}

export interface FeatureViewSummaryView {
  name: string;
  latestVersion: number;
  entity: string;
  createdAt: string;
  updatedAt: string;
}

/** `view`, `view@3`: a feature view, optionally pinned to a version. */
export const ViewRefTextSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(@[1-9][0-9]{0,8})?$/, 'must be a feature view name, optionally pinned as "name@<version>"');

/** `view:feature`, `view:*`, `view@3:feature`. */
export const FeatureRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(@[1-9][0-9]{0,8})?:.+$/, 'must be "view:feature", "view:*" or "view@<version>:feature"');

export const FeatureServiceDefinitionSchema = z
  .object({
    name: ResourceNameSchema,
    features: z
      .array(FeatureRefSchema)
      .min(1, 'must list at least one feature')
      .max(1000)
      .refine((f) => new Set(f).size === f.length, 'must not repeat a feature'),
    description: z.string().max(2000).default(''),
  })
  .strict();
export type FeatureServiceDefinition = z.infer<typeof FeatureServiceDefinitionSchema>;

export interface FeatureServiceView {
  name: string;
  features: string[];
  description: string;
  createdAt: string;
}

// ---- online reads

export const ViewRefSchema = z.union([
  ViewRefTextSchema,
  z.object({ view: ResourceNameSchema, version: z.number().int().positive().optional() }).strict(),
]);
export type ViewRef = z.infer<typeof ViewRefSchema>;

export const OnlineFeaturesBodySchema = z
  .object({
    view: ViewRefSchema.optional(),
    views: z.array(ViewRefSchema).min(1).max(50).optional(),
    featureService: ResourceNameSchema.optional(),
    entityIds: z.array(ExternalIdSchema).min(1, 'must list at least one entity id').max(1000),
    /** Only these features: bare names for `view`, `view:feature` for `views` and `featureService`. */
    features: z.array(z.string().min(1).max(512)).min(1).max(1000).optional(),
  })
  .strict()
  .refine((b) => [b.view, b.views, b.featureService].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of view, views or featureService',
    path: ['view'],
  });
export type OnlineFeaturesBody = z.infer<typeof OnlineFeaturesBodySchema>;

export const OnlineFeatureStatusSchema = z.enum(['present', 'missing', 'expired']);
export type OnlineFeatureStatus = z.infer<typeof OnlineFeatureStatusSchema>;

export interface OnlineFeatureReading {
  /** null unless `present`: an expired value is never handed out. */
  value: FeatureValue | null;
  /** Milliseconds since the value's event time; null when missing. */
  ageMs: number | null;
  status: OnlineFeatureStatus;
}

export interface OnlineEntityFeatures {
  entityId: string;
  /** Bare feature names for a single `view`; `view:feature` for `views` and `featureService`. */
  features: Record<string, OnlineFeatureReading>;
}

export interface ResolvedViewRef {
  view: string;
  /** 0 for a view written without a definition. */
  version: number;
  /** null = no TTL. */
  ttlMs: number | null;
}

export interface OnlineFeaturesResult {
  views: ResolvedViewRef[];
  entities: OnlineEntityFeatures[];
}
