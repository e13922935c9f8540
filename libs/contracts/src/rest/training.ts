import { z } from 'zod';
import { ResourceNameSchema } from './common';

export const TrainingTaskSchema = z.enum(['regression', 'classification', 'forecast', 'clustering']);
export const TrainingAlgorithmSchema = z.enum(['auto', 'gbdt', 'linear', 'mlp', 'ets', 'seasonal_naive', 'kmeans', 'lstm']);
const FORECAST_ALGORITHMS: readonly string[] = ['auto', 'ets', 'seasonal_naive', 'gbdt'];
/** Longest forecast horizon a job may ask for, in steps of the data's frequency. */
export const MAX_FORECAST_HORIZON = 366;
export const TrainingJobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type TrainingJobStatus = z.infer<typeof TrainingJobStatusSchema>;

/** Per-tenant limit on inline rows; larger data goes through datasets (feature-store issue). */
export const MAX_INLINE_ROWS = 50_000;

/**
 * What the reported metrics are held out from (the trainer's `split`, see TrainTabularOptions):
 * - holdout: one seeded test split of `testFraction` (default 0.2);
 * - kfold: `folds` (3–10, default 5) k-fold test folds (stratified for classification); metrics are
 *   means over folds, each fold's model chosen on validation rows inside its own training part;
 * - time: rolling origin along `column` (tabular: required, folds 2–10, default 5; forecast: the
 *   timestamp column, `folds` = rolling origins 1–10, default 1): train on the past, test on the next block.
 */
export const TrainingSplitSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('holdout'), testFraction: z.number().min(0.05).max(0.5).optional() }).strict(),
  z.object({ kind: z.literal('kfold'), folds: z.number().int().min(3).max(10).optional() }).strict(),
  z.object({ kind: z.literal('time'), column: z.string().min(1).optional(), folds: z.number().int().min(1).max(10).optional() }).strict(),
]);
export type TrainingSplit = z.infer<typeof TrainingSplitSchema>;

export const TrainingJobRequestSchema = z
  .object({
    model: ResourceNameSchema,
    task: TrainingTaskSchema,
    /** Inline `rows`, or a dataset of the feature store by `name` (and `version`; default the latest when the job runs). */
    dataset: z
      .object({
        rows: z
          .array(z.record(z.string(), z.unknown()))
          .min(10, 'needs at least 10 rows')
          .max(MAX_INLINE_ROWS, `at most ${MAX_INLINE_ROWS} inline rows`)
          .optional(),
        name: ResourceNameSchema.optional(),
        version: z.number().int().min(1).optional(),
      })
      .strict()
      .refine((d) => (d.rows === undefined) !== (d.name === undefined), 'give either rows or the name of a dataset')
      .refine((d) => d.version === undefined || d.name !== undefined, { path: ['version'], message: 'a version needs the dataset name' }),
    /** The column to predict; clustering has none. */
    target: z.string().min(1).optional(),
    features: z.array(z.string().min(1)).min(1).optional(),
    /** forecast: the column with each row's date or date-time (ISO-8601). */
    timestampColumn: z.string().min(1).optional(),
    /** forecast: the column naming the series when the rows hold several (one per store, school…). */
    seriesColumn: z.string().min(1).optional(),
    /** forecast: steps ahead, in the data's own frequency (days for daily rows…); also the length of the validation and test windows. */
    horizon: z.number().int().min(1).max(MAX_FORECAST_HORIZON).optional(),
    /** forecast: seasonal period in steps; default from the frequency (24 hourly, 7 daily, 52 weekly, 12 monthly). */
    seasonLength: z.number().int().min(1).max(366).optional(),
    /** The experiment the run is recorded in; defaults to the model name. */
    experiment: ResourceNameSchema.optional(),
    /** The feature view whose online values serve `entityId` predictions; defaults to the model name. */
    featureView: ResourceNameSchema.optional(),
    /** Hyperparameter search over the chosen family's parameters, within a trial and/or time budget. */
    search: z
      .object({
        strategy: z.enum(['random', 'tpe']),
        trials: z.number().int().min(1).max(200).optional(),
        seconds: z.number().int().min(1).max(3600).optional(),
      })
      .strict()
      .refine((s) => s.trials !== undefined || s.seconds !== undefined, 'needs a budget: trials and/or seconds')
      .optional(),
    /**
     * `auto` (default) compares the suitable families on a validation split (the mean over folds' validation rows with kfold/time) and keeps the best.
     *
     * `lstm` (regression or classification): an LSTM over event sequences read from ONE column
     * whose values are arrays — numbers (one value per step, e.g. a customer's last 30 order
     * amounts) or arrays of equally many numbers (several values per step) — or those arrays as
     * JSON text ("[12.5, 3, 40]"). `features` names that column (exactly one); without it, the
     * only column holding arrays is used (none or several: the request is refused, or with a
     * dataset by name the job fails naming the problem). Rows with a missing or empty sequence,
     * or one that is not all finite numbers, are left out of training.
     * Held out like the holdout split (`split.testFraction`, stratified for classification),
     * next to the mean / majority baseline. `params`: units (16), epochs (15), learningRate
     * (0.01), batchSize (64), maxLength (the latest steps kept; default the longest sequence),
     * patience (3, early stopping on a validation share of the training rows). No search,
     * kfold/time split or fairness report. Predictions send the sequence in `features` under
     * the same column name, as JSON text, or read it from the entity's online features.
     */
    algorithm: TrainingAlgorithmSchema.optional(),
    split: TrainingSplitSchema.optional(),
    /** classification: a column whose groups the result's `fairness` compares on the held-out decisions; it stays a feature unless `features` leaves it out. */
    sensitiveAttribute: z.string().min(1).optional(),
    /** With sensitiveAttribute: the favourable class (default: the second of two classes, e.g. "yes", "true", "1"; required with more). */
    positiveLabel: z.string().min(1).optional(),
    /** Parameters of the algorithm (MLP: hiddenUnits, epochs, learningRate, batchSize, seed; GBDT: maxIterations, learningRate, maxDepth, maxLeaves, …; linear: l2, lambda, l1Ratio). Checked when the job runs; a bad one fails the job naming it. */
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.number())])).optional(),
  })
  .strict()
  .superRefine((req, ctx) => {
    const target = req.target;
    if (req.task === 'clustering') {
      if (target !== undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: 'clustering finds segments without a target; leave it out' });
      if (req.algorithm && req.algorithm !== 'auto' && req.algorithm !== 'kmeans')
        ctx.addIssue({ code: 'custom', path: ['algorithm'], message: 'clustering supports auto and kmeans' });
      if (req.search) ctx.addIssue({ code: 'custom', path: ['search'], message: 'hyperparameter search applies to regression and classification' });
      if (req.split) ctx.addIssue({ code: 'custom', path: ['split'], message: 'clustering is scored by silhouette on held-out rows; split applies to the other tasks' });
    } else if (target === undefined) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: `task "${req.task}" needs the target column` });
    } else if (req.dataset.rows && !req.dataset.rows.some((r) => target in r)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: `column "${target}" is in no row of the dataset` });
    }
    if (req.algorithm === 'kmeans' && req.task !== 'clustering')
      ctx.addIssue({ code: 'custom', path: ['algorithm'], message: 'kmeans is a clustering method; use task "clustering"' });
    if (req.task === 'forecast') {
      if (!req.timestampColumn) ctx.addIssue({ code: 'custom', path: ['timestampColumn'], message: 'a forecast needs the timestamp column' });
      if (req.horizon === undefined) ctx.addIssue({ code: 'custom', path: ['horizon'], message: 'a forecast needs a horizon (steps ahead)' });
      if (req.algorithm && !FORECAST_ALGORITHMS.includes(req.algorithm))
        ctx.addIssue({ code: 'custom', path: ['algorithm'], message: `forecasting supports ${FORECAST_ALGORITHMS.join(', ')}` });
      if (req.search) ctx.addIssue({ code: 'custom', path: ['search'], message: 'hyperparameter search applies to regression and classification' });
      if (req.features) ctx.addIssue({ code: 'custom', path: ['features'], message: 'a forecast learns from the target series only; leave features out' });
      if (req.split && req.split.kind !== 'time')
        ctx.addIssue({ code: 'custom', path: ['split', 'kind'], message: 'a forecast is evaluated on rolling origins: use kind "time" (folds = origins)' });
      if (req.split?.kind === 'time' && req.split.column !== undefined && req.split.column !== req.timestampColumn)
        ctx.addIssue({ code: 'custom', path: ['split', 'column'], message: 'a forecast splits along its timestampColumn; leave column out' });
    } else {
      for (const key of ['timestampColumn', 'seriesColumn', 'horizon', 'seasonLength'] as const)
        if (req[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'applies to task "forecast" only' });
      if (req.algorithm === 'ets' || req.algorithm === 'seasonal_naive')
        ctx.addIssue({ code: 'custom', path: ['algorithm'], message: `${req.algorithm} is a forecasting method; use task "forecast"` });
    }
    if (req.task !== 'forecast' && req.split?.kind === 'time') {
      if (req.split.column === undefined) ctx.addIssue({ code: 'custom', path: ['split', 'column'], message: 'a time split needs the column that orders the rows' });
      else if (req.dataset.rows && !req.dataset.rows.some((r) => req.split?.kind === 'time' && req.split.column! in r))
        ctx.addIssue({ code: 'custom', path: ['split', 'column'], message: `column "${req.split.column}" is in no row of the dataset` });
      if (req.split.folds === 1) ctx.addIssue({ code: 'custom', path: ['split', 'folds'], message: 'a time split of rows needs at least 2 folds' });
    }
    if (req.search && req.split && req.split.kind !== 'holdout')
      ctx.addIssue({ code: 'custom', path: ['search'], message: 'hyperparameter search tunes on one validation split: it needs split.kind "holdout"' });
    if (req.sensitiveAttribute !== undefined) {
      if (req.task !== 'classification')
        ctx.addIssue({ code: 'custom', path: ['sensitiveAttribute'], message: 'fairness metrics compare decisions between groups: task "classification" only' });
      else if (req.dataset.rows && !req.dataset.rows.some((r) => req.sensitiveAttribute! in r))
        ctx.addIssue({ code: 'custom', path: ['sensitiveAttribute'], message: `column "${req.sensitiveAttribute}" is in no row of the dataset` });
      else if (req.sensitiveAttribute === target) ctx.addIssue({ code: 'custom', path: ['sensitiveAttribute'], message: 'must not be the target' });
    } else if (req.positiveLabel !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['positiveLabel'], message: 'names the favourable class of the fairness report: it needs sensitiveAttribute' });
    }
    if (req.algorithm === 'mlp' && req.task === 'classification') {
      ctx.addIssue({ code: 'custom', path: ['algorithm'], message: 'mlp supports regression only; use gbdt, linear or auto' });
    }
    if (req.algorithm === 'lstm') checkSequenceRequest(req, ctx);
    if (target !== undefined && req.features?.includes(target)) {
      ctx.addIssue({ code: 'custom', path: ['features'], message: 'must not contain the target' });
    }
  });
export type TrainingJobRequest = z.infer<typeof TrainingJobRequestSchema>;

/** A value that looks like a sequence: a non-empty array, or JSON text of one (the trainer reads it fully). */
function looksLikeSequence(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value !== 'string' || !value.trimStart().startsWith('[')) return false;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.length > 0;
  } catch {
    return false;
  }
}

function checkSequenceRequest(req: TrainingJobRequest, ctx: z.RefinementCtx): void {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (req.task !== 'regression' && req.task !== 'classification') issue(['algorithm'], 'lstm predicts a value or a label: use task "regression" or "classification"');
  if (req.search) issue(['search'], 'hyperparameter search is not supported for lstm; set params instead');
  if (req.split && req.split.kind !== 'holdout') issue(['split', 'kind'], 'lstm is evaluated on a holdout split only');
  if (req.sensitiveAttribute !== undefined) issue(['sensitiveAttribute'], 'fairness metrics are not supported for lstm');
  if (req.features && req.features.length !== 1) issue(['features'], 'lstm reads one sequence column: name exactly one');
  const rows = req.dataset.rows;
  if (!rows) return;
  if (req.features?.length === 1) {
    const column = req.features[0]!;
    if (!rows.some((r) => looksLikeSequence(r[column]))) issue(['features'], `column "${column}" holds no sequence (an array of numbers, or JSON text of one) in any row`);
  } else if (!req.features) {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => c !== req.target && rows.some((r) => looksLikeSequence(r[c])));
    if (columns.length === 0) issue(['features'], 'lstm needs a column of sequences (arrays of numbers); no column holds any');
    else if (columns.length > 1) issue(['features'], `several columns hold sequences (${columns.map((c) => `"${c}"`).join(', ')}): name the one to read in features`);
  }
}

export interface TrainingJobView {
  id: string;
  model: string;
  status: TrainingJobStatus;
  /**
   * While running: steps (epochs / boosting rounds) done of the total and the latest training loss;
   * with a search, trials done of the budget and the best validation metric so far.
   */
  progress?: { epoch: number; epochs: number; trainLoss: number; trialsDone?: number; trialsTotal?: number | null; bestMetric?: number | null };
  /** A cancel was asked for a running job; it stops at its next epoch. */
  cancelRequested?: boolean;
  /** Times a worker started the job: above 1 when a worker died and another took over. */
  attempts: number;
  result?: {
    /** Rows sent, rows trained and evaluated on, and the rows left out by reason (missingTarget, missingSequence, invalidSequence…). */
    data?: TrainingDataView;
    modelVersion: number;
    algorithm: string;
    metrics: Record<string, number>;
    baseline: { algorithm: string; metrics: Record<string, number> };
    featureImportance: Record<string, number>;
    candidates: Array<{ algorithm: string; validation: Record<string, number> }>;
    /** forecast: the series forecast (keys of the series column), and those too short to be. */
    series?: string[];
    seriesSkipped?: string[];
    search?: { strategy: string; metric: string; trials: number; pruned: number; failed: number; bestTrial: number; bestValue: number | null };
    /** How `metrics` were held out (see TrainingSplitSchema); with folds, their spread and each fold's choice. */
    evaluation?: TrainingEvaluationView;
    /** With sensitiveAttribute: group fairness of the held-out decisions (Fairlearn's definitions). */
    fairness?: TrainingFairnessView;
  };
  error?: string;
  createdAt: string;
  updatedAt: string;
}

export interface TrainingEvaluationView {
  kind: 'holdout' | 'kfold' | 'time';
  /** Test folds, or rolling origins; 1 for the holdout. */
  folds: number;
  /** Rows scored (tabular). */
  testRows?: number;
  /** Population standard deviation over folds of each metric, and of the baseline's. */
  metricsStd?: Record<string, number>;
  baselineStd?: Record<string, number>;
  /**
   * Each fold: the family its own validation rows chose and that model's test metrics; tabular
   * folds give their row counts (and for time, the test block's first/last time: epoch ms for a
   * date column, else the column's numbers); forecast origins how many steps before the end their test window starts.
   */
  perFold?: Array<{
    algorithm: string;
    metrics: Record<string, number>;
    trainRows?: number;
    validationRows?: number;
    testRows?: number;
    period?: { from: number; to: number };
    stepsBeforeEnd?: number;
  }>;
  /** time (tabular): rows without a readable time, left out of the evaluation. */
  rowsDroppedMissingTime?: number;
}

export interface TrainingFairnessView {
  attribute: string;
  positiveLabel: string;
  /** Held-out rows compared. */
  rows: number;
  /** max − min selection rate P(ŷ = positive | group). */
  demographicParityDifference: number;
  /** min / max selection rate; null when nobody was selected. */
  disparateImpactRatio: number | null;
  /** Every group's selection rate ≥ 4/5 of the highest (US EEOC); null with the ratio. */
  passesFourFifthsRule: boolean | null;
  /** max − min true positive rate. */
  equalOpportunityDifference: number | null;
  equalizedOddsDifference: number | null;
  groups: Array<{ group: string; count: number; actualPositives: number; selected: number; selectionRate: number; truePositiveRate: number | null; falsePositiveRate: number | null }>;
  undefinedTprGroups: string[];
  undefinedFprGroups: string[];
  excludedRows: number;
}

export interface TrainingDataView {
  rows: number;
  rowsUsed: number;
  dropped: Record<string, number>;
}
