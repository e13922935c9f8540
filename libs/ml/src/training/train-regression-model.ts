import { encodeArtifact } from '../artifact/artifact-codec';
import { ARTIFACT_FORMAT_VERSION, type ArtifactManifest } from '../artifact/artifact-manifest';
import { initMlBackend } from '../backend/ml-backend';
import { columnNames } from '../frame/row';
import { hashRows } from '../frame/rows-hash';
import { regressionMetrics, type RegressionMetrics } from '../metrics/regression-metrics';
import { fitMlpRegressor, resolveMlpParams, type MlpParams, type TrainingHooks } from '../models/mlp-regressor';
import { predictMlpRegressor } from '../models/mlp-regressor-predict';
import { assertMlpFinite } from './tabular-candidates';
import {
  checkRowsArray,
  checkSeed,
  checkTestFraction,
  chooseFeatures,
  fitTrainingPreprocessor,
  readNumericTarget,
  requireTrainingRows,
} from './tabular-input';
import { trainTestSplit } from './train-test-split';

export { MIN_TRAINING_ROWS, TEST_FRACTION_RANGE } from './tabular-input';

export interface TrainRegressionOptions {
  /** Column to predict; numbers or numeric strings. */
  readonly target: string;
  /** Input columns; default every column seen in the rows except the target. */
  readonly features?: readonly string[];
  readonly params?: MlpParams;
  /** Share of rows held out for evaluation (default 0.2). */
  readonly testFraction?: number;
  /** Seed of the train/test split, and of the model when `params.seed` is not given (default 42). */
  readonly seed?: number;
  /** Progress (per-epoch training loss, on the standardised target) and cancellation. */
  readonly hooks?: TrainingHooks;
}

export interface TrainRegressionResult {
  readonly artifact: Uint8Array;
  readonly manifest: ArtifactManifest;
  /** Held-out metrics of the model. */
  readonly metrics: RegressionMetrics;
  /** Held-out metrics of always predicting the training mean: the bar a model has to clear. */
  readonly baseline: { readonly algorithm: 'mean'; readonly metrics: RegressionMetrics };
  /** Features the model uses (requested features with no value in the training split are left out). */
  readonly features: string[];
  /** Rows with a numeric target: training plus held-out rows. */
  readonly rowsUsed: number;
  /** Rows left out because the target was absent, a missing token, or not a number. */
  readonly rowsDroppedMissingTarget: number;
}

/**
 * Trains an MLP regressor on rows as users send them and evaluates it honestly: rows without a
 * numeric target are dropped and counted; a seeded split holds out `testFraction` of the rest;
 * column types, imputation values, scales, categories and the target scaling come from the
 * training split only; metrics are computed on the held-out split next to a mean baseline.
 * Throws MlInputError when the data cannot support a model.
 */
export async function trainRegressionModel(rows: readonly unknown[], options: TrainRegressionOptions): Promise<TrainRegressionResult> {
  checkRowsArray(rows);
  const { target } = options;
  const seed = checkSeed(options.seed ?? options.params?.seed ?? 42);
  const params = resolveMlpParams({ ...options.params, seed: options.params?.seed ?? seed });
  const testFraction = checkTestFraction(options.testFraction);

  const requested = chooseFeatures(columnNames(rows), target, options.features);
  const { usable, dropped } = readNumericTarget(rows, target);
  requireTrainingRows(usable.length, dropped, `a numeric ${JSON.stringify(target)}`);

  const split = trainTestSplit(usable.length, testFraction, seed);
  const train = Array.from(split.train, (i) => usable[i]);
  const test = Array.from(split.test, (i) => usable[i]);

  const trainRows = train.map((u) => u.row);
  const { preprocessor, features } = fitTrainingPreprocessor(trainRows, requested, target);

  const backend = await initMlBackend();
  const yTrain = Float64Array.from(train, (u) => u.y);
  const model = await fitMlpRegressor(preprocessor.transform(trainRows), yTrain, params, options.hooks);
  assertMlpFinite(model);

  const yTest = Float64Array.from(test, (u) => u.y);
  const metrics = regressionMetrics(yTest, predictMlpRegressor(model, preprocessor.transform(test.map((u) => u.row))));
  const trainMean = yTrain.reduce((s, y) => s + y, 0) / yTrain.length;
  const baseline = { algorithm: 'mean' as const, metrics: regressionMetrics(yTest, new Float64Array(yTest.length).fill(trainMean)) };

  const manifest: ArtifactManifest = {
    formatVersion: ARTIFACT_FORMAT_VERSION,
    task: 'regression',
    algorithm: 'mlp',
    features: preprocessor.features,
    target,
    preprocessing: preprocessor.toJSON(),
    targetScaling: model.targetScaling,
    params: model.params,
    metrics,
    baseline,
    trainingData: {
      rows: rows.length,
      hash: hashRows(rows),
      rowsUsed: usable.length,
      rowsDroppedMissingTarget: dropped,
      trainRows: train.length,
      testRows: test.length,
      splitSeed: seed,
    },
    backend,
    createdAt: new Date().toISOString(),
  };
  return {
    artifact: encodeArtifact({ manifest, weights: model.layers }),
    manifest,
    metrics,
    baseline,
    features,
    rowsUsed: usable.length,
    rowsDroppedMissingTarget: dropped,
  };
}
