import { encodeArtifact } from '../artifact/artifact-codec';
import { ARTIFACT_FORMAT_VERSION, type ArtifactManifest, type TrainingDataSummary } from '../artifact/artifact-manifest';
import { encodeJsonArtifact, JSON_ARTIFACT_FORMAT_VERSION } from '../artifact/json-artifact-codec';
import type { ModelAlgorithm, ModelInfo, TabularTask } from '../artifact/model-info';
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { columnNames } from '../frame/row';
import { hashRows } from '../frame/rows-hash';
import type { RegressionMetrics } from '../metrics/regression-metrics';
import type { ResolvedMlpParams, TrainingHooks } from '../models/mlp-regressor';
import { deriveSeed } from '../random/prng';
import { SplitConformalRegressor } from '../uncertainty/split-conformal-regressor';
import { readClassTarget } from './class-target';
import { StepProgress } from './step-progress';
import { stratifiedTrainTestSplit } from './stratified-split';
import { fitCandidate, plannedSteps, type CandidateData, type FittedCandidate } from './tabular-candidates';
import { baselineScores, columnImportance, scoreModel, selectionLoss, type LabelledMatrix } from './tabular-evaluation';
import {
  checkRowsArray,
  checkSeed,
  checkTestFraction,
  chooseFeatures,
  fitTrainingPreprocessor,
  readNumericTarget,
  requireTrainingRows,
  type TargetRow,
} from './tabular-input';
import { resolveCandidateParams } from './tabular-params';
import { checkSearchOptions, searchTabularModel, type TabularSearchOptions, type TabularSearchSummary, type TrialProgress } from './tabular-search';
import { trainTestSplit } from './train-test-split';

export type { TabularTask } from '../artifact/model-info';
export type TabularAlgorithm = 'auto' | 'gbdt' | 'linear' | 'mlp';

export interface TrainTabularOptions {
  readonly task: TabularTask;
  /** Column to predict: numbers for regression, labels (strings, numbers, booleans, yes/no…) for classification. */
  readonly target: string;
  /** Input columns; default every column seen in the rows except the target. */
  readonly features?: readonly string[];
  /** Default 'auto'. */
  readonly algorithm?: TabularAlgorithm;
  /**
   * For the chosen algorithm: MlpParams, GbdtParams (without objective and nClasses, which follow
   * from the task) or LinearParams { l2, l1, lambda }. With 'auto', each key goes to the
   * candidates that take it and is ignored by the others; a key no candidate takes, or an
   * invalid value, is an MlInputError naming `params.<key>`.
   */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Share of rows held out for the reported metrics (default 0.2). */
  readonly testFraction?: number;
  /** Seed of the splits, and of the models whose params give none (default 42). */
  readonly seed?: number;
  /**
   * Progress and cancellation: `onEpoch(step, total, trainLoss)` after every GBDT round, MLP
   * epoch and linear fit, counted across all candidates and then across the trials of a search
   * (see searchTabularModel for how the total is estimated); `signal` is checked between steps
   * and an aborted signal ends training, or the search, with MlCancelledError.
   */
  readonly hooks?: TrainingHooks;
  /**
   * Hyperparameter search of one algorithm: the requested one, or with 'auto' the one chosen as
   * without a search (default params compared on the validation rows). Trials minimise the
   * validation RMSE or log loss over the default space of the algorithm (see tabular-search.ts),
   * less the keys pinned by `params`, which every trial takes as given. The best trial's model
   * is the one returned; the test rows score it only. At least one budget; a bad value is an
   * MlInputError naming `search.<key>`.
   */
  readonly search?: TabularSearchOptions;
  /** After every finished trial of a search. */
  readonly onTrial?: (progress: TrialProgress) => void | Promise<void>;
}

export interface TrainTabularResult {
  readonly artifact: Uint8Array;
  readonly task: TabularTask;
  readonly algorithm: 'gbdt' | 'linear' | 'mlp';
  /** Held-out test split. regression: mae, rmse, r2; classification: accuracy, f1Macro, logLoss, and rocAuc when binary. */
  readonly metrics: Record<string, number>;
  /** The naive model on the same rows and metrics: the training mean, or the majority class with the class frequencies as probabilities. */
  readonly baseline: { readonly algorithm: 'mean' | 'majority'; readonly metrics: Record<string, number> };
  /** The models compared on the validation rows, in training order (one entry unless 'auto'; with a search of a named algorithm, the best trial's model). */
  readonly candidates: ReadonlyArray<{ readonly algorithm: 'gbdt' | 'linear' | 'mlp'; readonly validation: Record<string, number> }>;
  /** Resolved params of the chosen model (defaults filled). */
  readonly params: Record<string, unknown>;
  /** Features the model uses (requested features with no value in the training rows are left out). */
  readonly features: string[];
  /** Classification: the labels as strings, in class-index order (see readClassTarget). */
  readonly classes?: string[];
  /** Permutation importance on the held-out split: mean score drop per input column (R² for regression, log loss rise for classification). */
  readonly featureImportance: Record<string, number>;
  /** Regression: split-conformal half-widths at 80 and 95 (percent), calibrated on the validation rows; a level needing more rows than there were is left out. */
  readonly intervals?: { readonly level: number; readonly halfWidth: number }[];
  readonly trainingData: { readonly rows: number; readonly hash: string; readonly rowsUsed: number; readonly rowsDroppedMissingTarget: number };
  /** With `search`: every trial, in order, and the one whose model was kept. */
  readonly search?: TabularSearchSummary;
}

/** Share of the training rows held back from fitting: early stopping, the choice of 'auto' and the conformal calibration use them. */
export const VALIDATION_FRACTION = 0.2;
/** 'auto' tries the MLP (regression only) up to this many training rows; beyond, boosting is as good and far cheaper. */
export const AUTO_MLP_MAX_TRAINING_ROWS = 20_000;

const CANDIDATES: Readonly<Record<TabularTask, readonly ModelAlgorithm[]>> = {
  regression: ['linear', 'gbdt', 'mlp'],
  classification: ['linear', 'gbdt'],
};

/**
 * Trains a regression or classification model on rows as users send them, and evaluates it honestly.
 *
 * Rows without a usable target are dropped and counted. A seeded split (stratified by class for
 * classification) holds out `testFraction` of the rest as the test rows; a second seeded split
 * holds back VALIDATION_FRACTION of the remaining training rows as validation rows, and the
 * model is fitted on the rest. The preprocessing is fitted on those fitting rows only. The
 * validation rows stop GBDT boosting early, decide between the candidates of 'auto' (lowest RMSE
 * or log loss; the earlier candidate on a tie), and for regression calibrate split-conformal
 * intervals from the chosen model's residuals. Since they also chose the model, the intervals
 * can be a little optimistic; the test rows, touched by nothing else, give the reported metrics
 * next to the naive baseline, and the permutation importance.
 *
 * With `search`, the validation rows also score the trials of a hyperparameter search of the
 * chosen algorithm (searchTabularModel), and the best trial's model takes the place of the
 * default-params one: its validation residuals calibrate the intervals, the test rows score it
 * once, at the end, as any other model.
 *
 * gbdt and linear models are written as FSMJ (JSON) artifacts, the MLP as FSML; `loadModel`
 * reads both. Throws MlInputError naming the field when the request cannot make a model.
 */
export async function trainTabularModel(rows: readonly unknown[], options: TrainTabularOptions): Promise<TrainTabularResult> {
  checkRowsArray(rows);
  const task = checkTask(options?.task);
  const algorithm = checkAlgorithm(options.algorithm, task);
  const seed = checkSeed(options.seed ?? 42);
  const testFraction = checkTestFraction(options.testFraction);
  const search = options.search === undefined ? undefined : checkSearchOptions(options.search);
  const { target } = options;

  const requested = chooseFeatures(columnNames(rows), target, options.features);
  const read = task === 'regression' ? readNumericTarget(rows, target) : readClassTarget(rows, target);
  const classes = 'classes' in read ? read.classes : undefined;
  const k = classes ? classes.length : null;
  requireTrainingRows(read.usable.length, read.dropped, task === 'regression' ? `a numeric ${JSON.stringify(target)}` : `a label in ${JSON.stringify(target)}`);
  const considered = algorithm === 'auto' ? CANDIDATES[task] : [algorithm];
  const params = resolveCandidateParams(considered, options.params, { task, classes: k, seed });

  const parts = splitRows(read.usable, k, testFraction, seed);
  const { preprocessor, features } = fitTrainingPreprocessor(parts.fit.map((u) => u.row), requested, target);
  const encode = (part: readonly TargetRow[]): LabelledMatrix => ({
    x: preprocessor.transform(part.map((u) => u.row)),
    y: Float64Array.from(part, (u) => u.y),
  });
  const data: CandidateData = { task, classes: k, fit: encode(parts.fit), validation: encode(parts.validation) };
  const test = encode(parts.test);

  // A search of a named algorithm replaces its default-params fit; with 'auto' the candidates still choose the algorithm.
  const toRun =
    search && algorithm !== 'auto'
      ? []
      : considered.filter((a) => algorithm !== 'auto' || a !== 'mlp' || parts.fit.length + parts.validation.length <= AUTO_MLP_MAX_TRAINING_ROWS);
  const progress = new StepProgress(options.hooks ?? {}, toRun.map((a) => plannedSteps(a, params)));
  const fitted: { candidate: FittedCandidate; validation: ReturnType<typeof scoreModel> }[] = [];
  let firstFailure: unknown;
  for (const a of toRun) {
    try {
      const candidate = await fitCandidate(a, data, params, progress);
      fitted.push({ candidate, validation: scoreModel(candidate.model, data.validation) });
    } catch (error) {
      // 'auto' passes over a candidate the data defeats (a diverging MLP, a singular unpenalised fit) as long as another succeeds.
      if (algorithm !== 'auto' || !(error instanceof MlInputError)) throw error;
      firstFailure ??= error;
      progress.skip();
    }
  }
  if (toRun.length > 0 && fitted.length === 0) throw firstFailure;
  progress.throwIfCancelled();
  let chosen =
    fitted.length === 0
      ? undefined
      : fitted.reduce((best, c) => (selectionLoss(task, c.validation.scores) < selectionLoss(task, best.validation.scores) ? c : best));
  let searched: TabularSearchSummary | undefined;
  if (search) {
    const family = algorithm === 'auto' ? chosen!.candidate.algorithm : algorithm;
    const outcome = await searchTabularModel({
      algorithm: family,
      data,
      params: options.params,
      search,
      seed,
      progress,
      ...(options.onTrial ? { onTrial: options.onTrial } : {}),
    });
    chosen = { candidate: outcome.candidate, validation: outcome.validation };
    searched = outcome.summary;
  }
  if (chosen === undefined) throw new Error('no model was trained');
  const model = chosen.candidate;

  const metrics = scoreModel(model.model, test).scores;
  const baseline = baselineScores(task, data.fit.y, test.y, k);
  const conformal = task === 'regression' ? SplitConformalRegressor.calibrate(data.validation.y, chosen.validation.predictions) : undefined;
  const featureImportance = columnImportance(model.model, preprocessor, test, deriveSeed(seed, 'importance'));
  const candidates = (fitted.length > 0 ? fitted : [chosen]).map((c) => ({ algorithm: c.candidate.algorithm, validation: c.validation.scores }));
  const trainingData: TrainingDataSummary = {
    rows: rows.length,
    hash: hashRows(rows),
    rowsUsed: read.usable.length,
    rowsDroppedMissingTarget: read.dropped,
    trainRows: parts.fit.length,
    validationRows: parts.validation.length,
    testRows: parts.test.length,
    splitSeed: seed,
  };
  const info: ModelInfo = { task, algorithm: model.algorithm, target, features: preprocessor.features, ...(classes ? { classes } : {}) };
  const createdAt = new Date().toISOString();

  let artifact: Uint8Array;
  if (model.algorithm === 'mlp') {
    const manifest: ArtifactManifest = {
      formatVersion: ARTIFACT_FORMAT_VERSION,
      task: 'regression',
      algorithm: 'mlp',
      features: preprocessor.features,
      target,
      preprocessing: preprocessor.toJSON(),
      targetScaling: model.state.targetScaling,
      params: model.params as unknown as ResolvedMlpParams,
      metrics: metrics as unknown as RegressionMetrics,
      baseline: { algorithm: 'mean', metrics: baseline.metrics as unknown as RegressionMetrics },
      trainingData,
      ...(conformal ? { conformal: conformal.toJSON() } : {}),
      backend: model.backend,
      createdAt,
    };
    artifact = encodeArtifact({ manifest, weights: model.state.layers });
  } else {
    artifact = encodeJsonArtifact({
      formatVersion: JSON_ARTIFACT_FORMAT_VERSION,
      info,
      preprocessing: preprocessor.toJSON(),
      model: model.json,
      ...(conformal ? { conformal: conformal.toJSON() } : {}),
      metrics,
      baseline,
      params: model.params,
      candidates,
      featureImportance,
      trainingData,
      createdAt,
    });
  }

  return {
    artifact,
    task,
    algorithm: model.algorithm,
    metrics,
    baseline,
    candidates,
    params: model.params,
    features,
    ...(classes ? { classes } : {}),
    featureImportance,
    ...(conformal
      ? {
          intervals: conformal.levels
            .map((level) => ({ level: Math.round(level * 100), halfWidth: conformal.halfWidth(level) }))
            .filter((i) => Number.isFinite(i.halfWidth)),
        }
      : {}),
    trainingData: { rows: trainingData.rows, hash: trainingData.hash, rowsUsed: trainingData.rowsUsed, rowsDroppedMissingTarget: trainingData.rowsDroppedMissingTarget },
    ...(searched ? { search: searched } : {}),
  };
}

/**
 * The usable rows cut into test, validation and fitting rows (see trainTabularModel). Exported
 * so that a caller holding the same rows can find the held-out ones again.
 */
export function splitRows(
  usable: readonly TargetRow[],
  classes: number | null,
  testFraction: number,
  seed: number,
): { fit: TargetRow[]; validation: TargetRow[]; test: TargetRow[] } {
  const split = (items: readonly TargetRow[], fraction: number, s: number) =>
    classes === null
      ? trainTestSplit(items.length, fraction, s)
      : stratifiedTrainTestSplit(Float64Array.from(items, (u) => u.y), classes, fraction, s);
  const outer = split(usable, testFraction, seed);
  const train = Array.from(outer.train, (i) => usable[i]);
  const inner = split(train, VALIDATION_FRACTION, deriveSeed(seed, 'validation'));
  const parts = {
    fit: Array.from(inner.train, (i) => train[i]),
    validation: Array.from(inner.test, (i) => train[i]),
    test: Array.from(outer.test, (i) => usable[i]),
  };
  if (parts.test.length === 0 || parts.validation.length === 0)
    throw new MlInputError(
      MlInputErrorCode.TooFewRows,
      'rows',
      'Too few rows per class to hold out test and validation rows: a class needs at least 2 rows to be tested, and validation needs some class with 3 or more',
    );
  return parts;
}

function checkTask(task: unknown): TabularTask {
  if (task !== 'regression' && task !== 'classification')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'task', "task must be 'regression' or 'classification'");
  return task;
}

function checkAlgorithm(algorithm: unknown, task: TabularTask): TabularAlgorithm {
  const a = algorithm ?? 'auto';
  if (a !== 'auto' && a !== 'gbdt' && a !== 'linear' && a !== 'mlp')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'algorithm', "algorithm must be 'auto', 'gbdt', 'linear' or 'mlp'");
  if (a === 'mlp' && task === 'classification')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'algorithm', "algorithm 'mlp' does not support classification yet; use 'auto', 'gbdt' or 'linear'");
  return a;
}
