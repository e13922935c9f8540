import { encodeArtifact } from '../artifact/artifact-codec';
import { ARTIFACT_FORMAT_VERSION, type ArtifactManifest, type TrainingDataSummary } from '../artifact/artifact-manifest';
import { encodeJsonArtifact, JSON_ARTIFACT_FORMAT_VERSION } from '../artifact/json-artifact-codec';
import type { ModelAlgorithm, ModelInfo, TabularTask } from '../artifact/model-info';
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { columnNames } from '../frame/row';
import { hashRows } from '../frame/rows-hash';
import type { RegressionMetrics } from '../metrics/regression-metrics';
import type { ResolvedMlpParams, TrainingHooks } from '../models/mlp-regressor';
import type { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';
import { deriveSeed } from '../random/prng';
import { SplitConformalRegressor } from '../uncertainty/split-conformal-regressor';
import { readClassTarget } from './class-target';
import { StepProgress } from './step-progress';
import { fitCandidate, plannedSteps, type CandidateData, type FittedCandidate } from './tabular-candidates';
import { evaluateFolds, summariseFolds, type FoldRun } from './tabular-cross-validation';
import { baselineScores, columnImportance, scoreModel, selectionLoss, type LabelledMatrix } from './tabular-evaluation';
import { checkSensitiveAttribute, heldOutFairness, resolvePositiveLabel, type TabularFairness } from './tabular-fairness';
import { checkRowsArray, checkSeed, chooseFeatures, fitTrainingPreprocessor, readNumericTarget, requireTrainingRows, type TargetRow } from './tabular-input';
import { resolveCandidateParams, type CandidateParams } from './tabular-params';
import { checkSearchOptions, searchTabularModel, type TabularSearchOptions, type TabularSearchSummary, type TrialProgress } from './tabular-search';
import { checkSplit, kFoldEvaluation, splitRows, timeEvaluation, type ResolvedSplit, type TabularSplit } from './tabular-split';

export type { TabularTask } from '../artifact/model-info';
export { splitRows, VALIDATION_FRACTION } from './tabular-split';
export type TabularAlgorithm = 'auto' | 'gbdt' | 'linear' | 'mlp';

export interface TrainTabularOptions {
  readonly task: TabularTask;
  /** Column to predict: numbers for regression, labels (strings, numbers, booleans, yes/no…) for classification. */
  readonly target: string;
  /**
   * Input columns; default every column seen in the rows except the target. A `sensitiveAttribute`
   * or a time `split.column` stays an input like any other column unless this list leaves it out.
   */
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
  /** Share of rows held out for the reported metrics (default 0.2); the holdout split's `testFraction` by another name. */
  readonly testFraction?: number;
  /**
   * What is held out from what (default `{ kind: 'holdout' }`). In every kind, a model is fitted
   * on "fitting rows", its "validation rows" (VALIDATION_FRACTION of its training part) stop GBDT
   * early and choose between the candidates of 'auto', and "test rows" only score it; the
   * preprocessing is fitted on the fitting rows alone.
   *
   * - `{ kind: 'holdout', testFraction? }`: one seeded split (stratified for classification)
   *   holds out `testFraction` (default 0.2) as test rows; the model trained there is the one
   *   returned. Metrics are its test scores.
   * - `{ kind: 'kfold', folds? }` (3 to 10, default 5): the rows, seeded-shuffled, are dealt into
   *   `folds` test folds — k-fold for regression, stratified k-fold for classification. For each
   *   fold, every candidate is fitted on the other folds' rows less their validation rows; the
   *   fold's validation rows choose the fold's family, and the fold's test rows score that
   *   choice. `metrics` (and the baseline, learnt on the same fitting rows) are means over folds,
   *   `evaluation.metricsStd` their standard deviations; every row is tested exactly once, by a
   *   model that never saw it and whose choice it did not influence (nested selection). The
   *   returned model is the family with the best validation loss averaged over the folds,
   *   refitted once on all rows (GBDT with the median number of rounds early stopping kept in the
   *   folds, since no rows are left to stop it); regression intervals are calibrated on that
   *   family's out-of-fold residuals (cross-conformal), and the importance is that family's on
   *   the test folds, averaged.
   * - `{ kind: 'time', column, folds? }` (2 to 10, default 5): rolling origin along `column`
   *   (ISO dates/date-times, or numbers). The rows, in time order, end in `folds` blocks of
   *   ⌊n / (folds + 1)⌋ rows; fold f tests on block f and trains only on rows strictly earlier
   *   than the block, its validation rows being the latest of those (see timeEvaluation). Nothing
   *   is shuffled. Metrics are means over the origins; the rest is as for kfold. Rows without a
   *   readable time are left out of the evaluation (counted) but used by the final refit.
   *
   * With kfold or time every candidate is fitted once per fold and the chosen family once more,
   * so 'auto' costs about (folds + 1 / candidates) times a holdout run; the MLP joins 'auto' only
   * while the rows fitted across all folds stay within AUTO_MLP_MAX_TRAINING_ROWS. `search` needs
   * the holdout split.
   */
  readonly split?: TabularSplit;
  /**
   * Classification only: a column whose groups (trimmed values; missing values are a group
   * "(missing)") the result's `fairness` compares, with `fairnessReport` on the held-out decisions
   * (the most probable class) — the test rows of the holdout, or every row a fold tested.
   */
  readonly sensitiveAttribute?: string;
  /**
   * The favourable class of the fairness report: default, with two classes, the second in class
   * order (true/yes for flags, the larger number, the later word — the class ROC AUC scores);
   * required with more classes.
   */
  readonly positiveLabel?: string;
  /** Seed of the splits, and of the models whose params give none (default 42). */
  readonly seed?: number;
  /**
   * Progress and cancellation: `onEpoch(step, total, trainLoss)` after every GBDT round, MLP
   * epoch and linear fit, counted across all candidates (of every fold) and then across the
   * trials of a search (see searchTabularModel for how the total is estimated); `signal` is
   * checked between steps and an aborted signal ends training, or the search, with MlCancelledError.
   */
  readonly hooks?: TrainingHooks;
  /**
   * Hyperparameter search of one algorithm: the requested one, or with 'auto' the one chosen as
   * without a search (default params compared on the validation rows). Trials minimise the
   * validation RMSE or log loss over the default space of the algorithm (see tabular-search.ts),
   * less the keys pinned by `params`, which every trial takes as given. The best trial's model
   * is the one returned; the test rows score it only. At least one budget; a bad value is an
   * MlInputError naming `search.<key>`. Holdout split only.
   */
  readonly search?: TabularSearchOptions;
  /** After every finished trial of a search. */
  readonly onTrial?: (progress: TrialProgress) => void | Promise<void>;
}

/** How the reported metrics were obtained. */
export interface TabularEvaluation {
  readonly kind: ResolvedSplit['kind'];
  /** Models scored on test rows: 1 for the holdout. */
  readonly folds: number;
  /** Rows scored (holdout: the test rows; kfold: every usable row; time: the rows of the test blocks). */
  readonly testRows: number;
  /** kfold / time: population standard deviation over folds of each metric, and of the baseline's. */
  readonly metricsStd?: Record<string, number>;
  readonly baselineStd?: Record<string, number>;
  /** kfold / time, in fold order: the fold's row counts, the family its validation rows chose, and that model's test metrics. */
  readonly perFold?: ReadonlyArray<{
    readonly trainRows: number;
    readonly validationRows: number;
    readonly testRows: number;
    readonly algorithm: ModelAlgorithm;
    readonly metrics: Record<string, number>;
    /** time: first and last time of the test block. */
    readonly period?: { readonly from: number; readonly to: number };
  }>;
  /** time: usable rows without a readable time, left out of the evaluation. */
  readonly rowsDroppedMissingTime?: number;
}

export interface TrainTabularResult {
  readonly artifact: Uint8Array;
  readonly task: TabularTask;
  readonly algorithm: 'gbdt' | 'linear' | 'mlp';
  /** Test scores (see `split`). regression: mae, rmse, r2; classification: accuracy, f1Macro, logLoss, and rocAuc when binary. */
  readonly metrics: Record<string, number>;
  /** The naive model on the same rows and metrics: the training mean, or the majority class with the class frequencies as probabilities. */
  readonly baseline: { readonly algorithm: 'mean' | 'majority'; readonly metrics: Record<string, number> };
  /** The models compared on the validation rows (averaged over folds), in training order (one entry unless 'auto'; with a search of a named algorithm, the best trial's model). */
  readonly candidates: ReadonlyArray<{ readonly algorithm: 'gbdt' | 'linear' | 'mlp'; readonly validation: Record<string, number> }>;
  /** Resolved params of the chosen model (defaults filled; after kfold/time, GBDT's maxIterations is the rounds the refit ran). */
  readonly params: Record<string, unknown>;
  /** Features the model uses (requested features with no value in the training rows are left out). */
  readonly features: string[];
  /** Classification: the labels as strings, in class-index order (see readClassTarget). */
  readonly classes?: string[];
  /** Permutation importance on the held-out rows: mean score drop per input column (R² for regression, log loss rise for classification). */
  readonly featureImportance: Record<string, number>;
  /** Regression: conformal half-widths at 80 and 95 (percent); a level needing more calibration rows than there were is left out. */
  readonly intervals?: { readonly level: number; readonly halfWidth: number }[];
  readonly trainingData: { readonly rows: number; readonly hash: string; readonly rowsUsed: number; readonly rowsDroppedMissingTarget: number };
  readonly evaluation: TabularEvaluation;
  /** With `sensitiveAttribute`: group fairness of the held-out decisions. */
  readonly fairness?: TabularFairness;
  /** With `search`: every trial, in order, and the one whose model was kept. */
  readonly search?: TabularSearchSummary;
}

/** 'auto' tries the MLP (regression only) up to this many training rows; beyond, boosting is as good and far cheaper. */
export const AUTO_MLP_MAX_TRAINING_ROWS = 20_000;

const CANDIDATES: Readonly<Record<TabularTask, readonly ModelAlgorithm[]>> = {
  regression: ['linear', 'gbdt', 'mlp'],
  classification: ['linear', 'gbdt'],
};

/** What the request asks for, checked, and the rows it trains on. */
interface Request {
  readonly task: TabularTask;
  readonly algorithm: TabularAlgorithm;
  readonly target: string;
  readonly requested: string[];
  readonly usable: TargetRow[];
  /** Number of classes; null for regression. */
  readonly classes: number | null;
  readonly considered: readonly ModelAlgorithm[];
  readonly params: CandidateParams;
  readonly seed: number;
  readonly options: TrainTabularOptions;
}

/** A model trained and evaluated by one of the splits: everything the artifact and the result report. */
interface Evaluated {
  readonly model: FittedCandidate;
  readonly preprocessor: TabularPreprocessor;
  readonly features: string[];
  readonly metrics: Record<string, number>;
  readonly baseline: Record<string, number>;
  readonly candidates: { algorithm: ModelAlgorithm; validation: Record<string, number> }[];
  readonly featureImportance: Record<string, number>;
  readonly conformal?: SplitConformalRegressor;
  readonly rowCounts: { trainRows: number; validationRows?: number; testRows: number };
  /** The rows the metrics scored, with the predictions scored (probabilities for classification). */
  readonly heldOut: { rows: unknown[]; y: Float64Array; predictions: Float64Array };
  readonly evaluation: TabularEvaluation;
  readonly search?: TabularSearchSummary;
}

/**
 * Trains a regression or classification model on rows as users send them, and evaluates it honestly.
 *
 * Rows without a usable target are dropped and counted. With the default holdout split, a seeded
 * split (stratified by class for classification) holds out `testFraction` of the rest as the test
 * rows; a second seeded split holds back VALIDATION_FRACTION of the remaining training rows as
 * validation rows, and the model is fitted on the rest. The preprocessing is fitted on those
 * fitting rows only. The validation rows stop GBDT boosting early, decide between the candidates
 * of 'auto' (lowest RMSE or log loss; the earlier candidate on a tie), and for regression
 * calibrate split-conformal intervals from the chosen model's residuals. Since they also chose
 * the model, the intervals can be a little optimistic; the test rows, touched by nothing else,
 * give the reported metrics next to the naive baseline, and the permutation importance. See
 * `split` for k-fold and rolling-origin evaluation.
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
  const split = checkSplit(options.split, options.testFraction);
  if (options.search !== undefined && split.kind !== 'holdout')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'search', `search tunes on one validation split; it needs split.kind 'holdout', not '${split.kind}'`);
  const search = options.search === undefined ? undefined : checkSearchOptions(options.search);
  const { target } = options;

  const columns = columnNames(rows);
  const requested = chooseFeatures(columns, target, options.features);
  const attribute = checkSensitiveAttribute(options, task, columns, target);
  if (split.kind === 'time' && !columns.includes(split.column))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'split.column', `split.column ${JSON.stringify(split.column)} is not a column of the rows`);
  const read = task === 'regression' ? readNumericTarget(rows, target) : readClassTarget(rows, target);
  const classes = 'classes' in read ? read.classes : undefined;
  const positiveLabel = attribute === undefined ? undefined : resolvePositiveLabel(classes!, options.positiveLabel);
  const k = classes ? classes.length : null;
  requireTrainingRows(read.usable.length, read.dropped, task === 'regression' ? `a numeric ${JSON.stringify(target)}` : `a label in ${JSON.stringify(target)}`);
  const considered = algorithm === 'auto' ? CANDIDATES[task] : [algorithm];
  const params = resolveCandidateParams(considered, options.params, { task, classes: k, seed });
  const request: Request = { task, algorithm, target, requested, usable: read.usable, classes: k, considered, params, seed, options };

  const evaluated = split.kind === 'holdout' ? await holdout(request, split.testFraction, search) : await crossValidated(request, split);
  const { model, preprocessor, metrics, candidates, featureImportance, conformal } = evaluated;
  const baseline = { algorithm: task === 'regression' ? ('mean' as const) : ('majority' as const), metrics: evaluated.baseline };
  const fairness =
    attribute === undefined
      ? undefined
      : heldOutFairness(evaluated.heldOut.rows, evaluated.heldOut.y, evaluated.heldOut.predictions, classes!, attribute, positiveLabel!);
  const trainingData: TrainingDataSummary = {
    rows: rows.length,
    hash: hashRows(rows),
    rowsUsed: read.usable.length,
    rowsDroppedMissingTarget: read.dropped,
    ...evaluated.rowCounts,
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
    features: evaluated.features,
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
    evaluation: evaluated.evaluation,
    ...(fairness ? { fairness } : {}),
    ...(evaluated.search ? { search: evaluated.search } : {}),
  };
}

/** The holdout split: one model, fitted and chosen on the training part, scored once on the test rows. */
async function holdout(request: Request, testFraction: number, search: TabularSearchOptions | undefined): Promise<Evaluated> {
  const { task, algorithm, considered, params, classes: k, seed, options } = request;
  const parts = splitRows(request.usable, k, testFraction, seed);
  const { preprocessor, features } = fitTrainingPreprocessor(parts.fit.map((u) => u.row), request.requested, request.target);
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
  const scored = scoreModel(model.model, test);
  return {
    model,
    preprocessor,
    features,
    metrics: scored.scores,
    baseline: baselineScores(task, data.fit.y, test.y, k).metrics,
    candidates: (fitted.length > 0 ? fitted : [chosen]).map((c) => ({ algorithm: c.candidate.algorithm, validation: c.validation.scores })),
    featureImportance: columnImportance(model.model, preprocessor, test, deriveSeed(seed, 'importance')),
    ...(task === 'regression' ? { conformal: SplitConformalRegressor.calibrate(data.validation.y, chosen.validation.predictions) } : {}),
    rowCounts: { trainRows: parts.fit.length, validationRows: parts.validation.length, testRows: parts.test.length },
    heldOut: { rows: parts.test.map((u) => u.row), y: test.y, predictions: scored.predictions },
    evaluation: { kind: 'holdout', folds: 1, testRows: parts.test.length },
    ...(searched ? { search: searched } : {}),
  };
}

/** kfold and time: every candidate on every fold, nested choice per fold, then the chosen family refitted once on all rows. */
async function crossValidated(request: Request, split: Exclude<ResolvedSplit, { kind: 'holdout' }>): Promise<Evaluated> {
  const { task, algorithm, considered, params, classes: k, seed, usable } = request;
  const { folds, droppedMissingTime } =
    split.kind === 'kfold' ? { folds: kFoldEvaluation(usable, k, split.folds, seed), droppedMissingTime: 0 } : timeEvaluation(usable, split.column, split.folds);
  const fittedRows = folds.reduce((n, f) => n + f.fit.length, 0);
  const toRun = considered.filter((a) => algorithm !== 'auto' || a !== 'mlp' || fittedRows <= AUTO_MLP_MAX_TRAINING_ROWS);
  const perModel = toRun.map((a) => plannedSteps(a, params));
  // The refit's family is not known yet: plan the longest; a shorter one ends the count early.
  const progress = new StepProgress(request.options.hooks ?? {}, [...folds.flatMap(() => perModel), Math.max(...perModel)]);
  const run: FoldRun = { task, classes: k, requested: request.requested, target: request.target, toRun, params, auto: algorithm === 'auto', progress };
  const summary = summariseFolds(await evaluateFolds(folds, run), run, seed);

  const { preprocessor, features } = fitTrainingPreprocessor(usable.map((u) => u.row), request.requested, request.target);
  const all: LabelledMatrix = { x: preprocessor.transform(usable.map((u) => u.row)), y: Float64Array.from(usable, (u) => u.y) };
  const none: LabelledMatrix = { x: { data: new Float32Array(0), rows: 0, cols: all.x.cols }, y: new Float64Array(0) };
  const refitParams: CandidateParams =
    summary.gbdtRounds === undefined ? params : { ...params, gbdt: { ...params.gbdt!, maxIterations: summary.gbdtRounds, earlyStoppingRounds: 0 } };
  const model = await fitCandidate(summary.family, { task, classes: k, fit: all, validation: none }, refitParams, progress);
  progress.throwIfCancelled();
  const testRows = summary.perFold.reduce((n, f) => n + f.testRows, 0);
  return {
    model,
    preprocessor,
    features,
    metrics: summary.metrics,
    baseline: summary.baseline,
    candidates: summary.candidates,
    featureImportance: summary.featureImportance,
    ...(task === 'regression' ? { conformal: SplitConformalRegressor.calibrate(summary.familyOutOfFold.y, summary.familyOutOfFold.predictions) } : {}),
    rowCounts: { trainRows: usable.length, testRows },
    heldOut: summary.heldOut,
    evaluation: {
      kind: split.kind,
      folds: split.folds,
      testRows,
      metricsStd: summary.metricsStd,
      baselineStd: summary.baselineStd,
      perFold: summary.perFold,
      ...(split.kind === 'time' ? { rowsDroppedMissingTime: droppedMissingTime } : {}),
    },
  };
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
