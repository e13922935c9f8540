import { z } from 'zod';
import { ExternalIdSchema, ResourceNameSchema } from './common';
import { DATASET_QUANTILES, type DatasetRowError, type DatasetVersionView } from './datasets';

/**
 * Batch feature pipelines: materializing a dataset-sourced feature view into the offline and
 * online stores, point-in-time correct training sets, and feature statistics per view version.
 */

// ---- materialization

export const MaterializationModeSchema = z.enum(['full', 'incremental']);
export type MaterializationMode = z.infer<typeof MaterializationModeSchema>;

export const MaterializeBodySchema = z
  .object({
    /**
     * incremental (default): only what is newer than the view version's watermark (a newer
     * dataset version, rows with a later event time); full: every row of the source version.
     * Both are idempotent: rows already in the offline store are not written twice.
     */
    mode: MaterializationModeSchema.default('incremental'),
    /** The view version to materialize; default the latest. */
    version: z.number().int().positive().optional(),
  })
  .strict();
export type MaterializeBody = z.infer<typeof MaterializeBodySchema>;

/** Why source rows were left out of a materialization. */
export const MaterializationSkipReason = {
  /** The timestamp column is empty or not a timestamp. */
  InvalidTimestamp: 'invalid_timestamp',
  /** A join key of the view's entity is empty. */
  MissingJoinKey: 'missing_join_key',
  /** A feature's value does not fit its dtype. */
  DtypeMismatch: 'dtype_mismatch',
  /** incremental: the row's event time is not after the watermark. */
  AlreadyMaterialized: 'already_materialized',
} as const;
export type MaterializationSkipReason = (typeof MaterializationSkipReason)[keyof typeof MaterializationSkipReason];

export interface MaterializationReport {
  view: string;
  version: number;
  mode: MaterializationMode;
  datasetVersion: { name: string; version: number };
  /** Source rows read. */
  rowsRead: number;
  /** Rows newly appended to the offline store (0 on a re-run of the same data). */
  rowsWritten: number;
  /** Entities with rows newly appended to the offline store (their online values were written). */
  entitiesUpdated: number;
  skipped: Partial<Record<MaterializationSkipReason, number>>;
  /** Newest event time materialized so far (ISO-8601), null when nothing ever was. */
  watermark: string | null;
  /** True when there was nothing new: nothing was written. */
  upToDate: boolean;
  /** The first rows left out for being bad (1-based row of the dataset version, reason). */
  errors: DatasetRowError[];
  runId: string;
}

// ---- training sets

/** `view`, `view@2`, `view:feature`, `view@2:feature` (a feature name may hold any character but a leading one). */
export const TrainingSetFeatureRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(@[1-9][0-9]{0,8})?(:.+)?$/, 'must be "view", "view@<version>", "view:feature" or "view@<version>:feature"');

export const MAX_INLINE_ENTITY_ROWS = 100_000;

/** One labelled row: the entity (its id, or the entity's join keys as columns), when, and anything else (labels) passed through. */
export const TrainingSetEntityRowSchema = z
  .object({
    entityId: z.union([ExternalIdSchema, z.number()]).optional(),
    timestamp: z.union([z.iso.datetime({ offset: true }), z.iso.datetime(), z.number().finite()]),
  })
  .catchall(z.union([z.number().finite(), z.string().max(4096), z.boolean(), z.null()]));
export type TrainingSetEntityRow = z.infer<typeof TrainingSetEntityRowSchema>;

export const TrainingSetBodySchema = z
  .object({
    /** The dataset the training set is written to, as a new version. */
    name: ResourceNameSchema,
    /**
     * The labelled rows: a stored dataset (columns `timestamp` and `entityId` or each view
     * entity's join keys), or the rows inline.
     */
    entityRows: z.union([
      z.object({ dataset: z.object({ name: ResourceNameSchema, version: z.number().int().positive().optional() }).strict() }).strict(),
      z.array(TrainingSetEntityRowSchema).min(1, 'must hold at least one row').max(MAX_INLINE_ENTITY_ROWS),
    ]),
    featureViews: z
      .array(TrainingSetFeatureRefSchema)
      .min(1, 'must name at least one feature view')
      .max(100)
      .refine((refs) => new Set(refs).size === refs.length, 'must not repeat a reference'),
  })
  .strict();
export type TrainingSetBody = z.infer<typeof TrainingSetBodySchema>;

export interface TrainingSetFeatureCoverage {
  /** Column of the training set: the feature's name, or `<view>__<feature>` when two selected features (or an entity row column) share it. */
  column: string;
  view: string;
  viewVersion: number;
  feature: string;
  /** Share of rows with a value (0..1). */
  coverage: number;
  present: number;
  /** Rows whose latest value at or before their timestamp is older than the view's TTL (null in the set). */
  expired: number;
  /** Rows with no value at or before their timestamp, or a null one. */
  missing: number;
}

/** The written version in brief (the whole record: GET /api/v1/datasets/{name}/versions/{version}). */
export type TrainingSetDatasetView = Pick<DatasetVersionView, 'name' | 'version' | 'rows' | 'contentHash' | 'columns'> & { createdAt: string };

export interface TrainingSetResult {
  dataset: TrainingSetDatasetView;
  /** False when the same rows were already this version of the dataset. */
  created: boolean;
  rows: number;
  features: TrainingSetFeatureCoverage[];
}

// ---- feature statistics

export const FeatureStatisticsQuerySchema = z
  .object({ version: z.coerce.number().int().positive().optional() })
  .strict();
export type FeatureStatisticsQuery = z.infer<typeof FeatureStatisticsQuerySchema>;

export interface FeatureStatisticsProfile {
  name: string;
  dtype: string;
  /** Rows with a value. */
  count: number;
  missing: number;
  distinct: number;
  min?: number | string;
  max?: number | string;
  mean?: number;
  /** Sample standard deviation (n - 1). */
  std?: number;
  quantiles?: Partial<Record<(typeof DATASET_QUANTILES)[number], number>>;
  topValues?: Array<{ value: string; count: number }>;
}

export interface FeatureStatisticsView {
  view: string;
  version: number;
  datasetVersion: { name: string; version: number };
  /** Source rows the statistics cover (the materialized version's valid rows). */
  rows: number;
  features: FeatureStatisticsProfile[];
  computedAt: string;
}
