import { z } from 'zod';

/**
 * One input of a model. `role` says how it is given at prediction time: a `feature` value, or
 * for a forecaster the `series` key naming which series to forecast.
 */
export const SignatureInputSchema = z
  .object({
    name: z.string().min(1).max(256),
    type: z.enum(['numeric', 'boolean', 'categorical', 'timestamp']),
    role: z.enum(['feature', 'series']),
  })
  .strict();

/** What a model gives: a value (regression), a label among `classes`, a cluster among `clusters`, or `horizon` steps ahead. */
export const SignatureOutputSchema = z
  .object({
    kind: z.enum(['value', 'label', 'cluster', 'forecast']),
    /** The column the model was trained to predict; clustering has none. */
    target: z.string().min(1).max(256).optional(),
    classes: z.array(z.string()).max(10_000).optional(),
    clusters: z.number().int().positive().optional(),
    horizon: z.number().int().positive().optional(),
    /** forecast: the column the training rows were ordered by. */
    timestampColumn: z.string().min(1).max(256).optional(),
  })
  .strict();

export const ModelSignatureSchema = z
  .object({
    inputs: z.array(SignatureInputSchema).max(10_000),
    output: SignatureOutputSchema,
  })
  .strict();
export type ModelSignature = z.infer<typeof ModelSignatureSchema>;

/** Probabilities at which numeric quantiles are reported (deciles and tails: enough for PSI bins). */
export const STATISTICS_QUANTILES = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99] as const;

const count = z.number().int().min(0);
const finite = z.number().finite();

/** `count` is the rows holding a value (as pandas' describe), `missing` those that hold none. */
export const ColumnStatisticsSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('numeric'),
      count,
      missing: count,
      /** Absent when no row holds a value. */
      mean: finite.optional(),
      std: finite.optional(),
      min: finite.optional(),
      max: finite.optional(),
      /** Keyed by probability ("0.5" is the median), linear interpolation between order statistics. */
      quantiles: z.record(z.string(), finite).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('categorical'),
      count,
      missing: count,
      distinct: count,
      /** The most frequent values, most frequent first; `frequency` is the share of `count`. */
      top: z.array(z.object({ value: z.string(), count, frequency: z.number().min(0).max(1) }).strict()).max(100),
    })
    .strict(),
  z
    .object({
      kind: z.literal('timestamp'),
      count,
      missing: count,
      min: z.iso.datetime().optional(),
      max: z.iso.datetime().optional(),
    })
    .strict(),
]);
export type ColumnStatistics = z.infer<typeof ColumnStatisticsSchema>;

/** The training rows a version learned from, described per input column: the drift reference. */
export const TrainingStatisticsSchema = z
  .object({
    rows: count,
    /** Per input column of the signature. */
    columns: z.record(z.string(), ColumnStatisticsSchema),
    /** The target column's distribution (label or value drift); clustering has none. */
    target: ColumnStatisticsSchema.optional(),
  })
  .strict();
export type TrainingStatistics = z.infer<typeof TrainingStatisticsSchema>;

export type ModelVersionStatus = 'deployed' | 'candidate' | 'registered';

export interface ModelVersionView {
  model: string;
  version: number;
  task: string;
  algorithm: string;
  /** `candidate`: registered by an automatic retraining and waiting for a person to deploy it. */
  status: ModelVersionStatus;
  candidate: boolean;
  features: string[];
  featureView: string;
  metrics: Record<string, unknown>;
  artifact: { digest: string; size: number };
  trainingJobId?: string;
  /** Only on the single-version read; versions registered before signatures existed have none. */
  signature?: ModelSignature | null;
  trainingStats?: TrainingStatistics | null;
  createdAt: string;
}

export interface ModelSummaryView {
  model: string;
  task: string;
  latestVersion: number;
  deployedVersion: number | null;
  createdAt: string;
}
