import { encodeArtifact } from '../artifact/artifact-codec';
import { ARTIFACT_FORMAT_VERSION, type ArtifactManifest } from '../artifact/artifact-manifest';
import { initMlBackend } from '../backend/ml-backend';
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { TYPE_DOMINANCE, profileColumns, type ColumnType } from '../frame/column-types';
import { cell, columnNames } from '../frame/row';
import { hashRows } from '../frame/rows-hash';
import { isMissing, parseNumber } from '../frame/values';
import { regressionMetrics, type RegressionMetrics } from '../metrics/regression-metrics';
import { fitMlpRegressor, resolveMlpParams, type MlpParams, type TrainingHooks } from '../models/mlp-regressor';
import { predictMlpRegressor } from '../models/mlp-regressor-predict';
import { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';
import { trainTestSplit } from './train-test-split';

/** Fewest rows with a numeric target that training accepts. */
export const MIN_TRAINING_ROWS = 10;
/** Accepted range of the held-out share: below it the test metrics are noise, above it most data goes unused. */
export const TEST_FRACTION_RANGE = { min: 0.05, max: 0.5 } as const;

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
  if (!Array.isArray(rows)) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'rows', 'rows must be an array of objects');
  const { target } = options;
  const seed = options.seed ?? options.params?.seed ?? 42;
  if (!Number.isInteger(seed)) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'seed', 'seed must be an integer');
  const params = resolveMlpParams({ ...options.params, seed: options.params?.seed ?? seed });
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction >= TEST_FRACTION_RANGE.min && testFraction <= TEST_FRACTION_RANGE.max))
    throw new MlInputError(
      MlInputErrorCode.InvalidParameter,
      'testFraction',
      `testFraction must be between ${TEST_FRACTION_RANGE.min} and ${TEST_FRACTION_RANGE.max}`,
    );

  const columns = columnNames(rows);
  const requested = chooseFeatures(columns, target, options.features);
  const { usable, dropped } = readTarget(rows, target);
  if (usable.length < MIN_TRAINING_ROWS)
    throw new MlInputError(
      MlInputErrorCode.TooFewRows,
      'rows',
      `Training needs at least ${MIN_TRAINING_ROWS} rows with a numeric ${JSON.stringify(target)}; found ${usable.length}` +
        (dropped > 0 ? ` (${dropped} rows have no usable value for it)` : ''),
    );

  const split = trainTestSplit(usable.length, testFraction, seed);
  const train = Array.from(split.train, (i) => usable[i]);
  const test = Array.from(split.test, (i) => usable[i]);

  const trainRows = train.map((u) => u.row);
  const profiles = profileColumns(trainRows, requested);
  const features = requested.filter((f) => (profiles.get(f)?.present ?? 0) > 0);
  if (features.length === 0)
    throw new MlInputError(
      MlInputErrorCode.NoUsableFeatures,
      'features',
      requested.length === 0
        ? `The rows have no column besides the target ${JSON.stringify(target)}`
        : `None of the feature columns has a value in the training rows: ${requested.map((f) => JSON.stringify(f)).join(', ')}`,
    );
  const types: Record<string, ColumnType> = {};
  for (const f of features) Object.defineProperty(types, f, { value: profiles.get(f)?.type, enumerable: true });
  const preprocessor = TabularPreprocessor.fit(trainRows, { features, types });

  const backend = await initMlBackend();
  const yTrain = Float64Array.from(train, (u) => u.y);
  const model = await fitMlpRegressor(preprocessor.transform(trainRows), yTrain, params, options.hooks);
  if (!model.layers.every((l) => l.kernel.every(Number.isFinite) && l.bias.every(Number.isFinite)))
    throw new MlInputError(
      MlInputErrorCode.TrainingDiverged,
      'params.learningRate',
      'Training diverged (weights became infinite); try a smaller learning rate',
    );

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

function chooseFeatures(columns: readonly string[], target: string, features: readonly string[] | undefined): string[] {
  if (typeof target !== 'string' || !columns.includes(target)) {
    const shown = columns.slice(0, 20).map((c) => JSON.stringify(c));
    throw new MlInputError(
      MlInputErrorCode.TargetNotFound,
      'target',
      `Target column ${JSON.stringify(target)} is not in the rows; columns are: ${shown.join(', ')}${columns.length > 20 ? ', …' : ''}`,
    );
  }
  if (features === undefined) return columns.filter((c) => c !== target);
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'string'))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'features', 'features must be a list of column names');
  const unique = [...new Set(features)];
  if (unique.includes(target))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'features', `The target ${JSON.stringify(target)} cannot also be a feature`);
  const known = new Set(columns);
  const unknown = unique.filter((f) => !known.has(f));
  if (unknown.length > 0)
    throw new MlInputError(
      MlInputErrorCode.UnknownFeature,
      'features',
      `Feature column(s) not in any row: ${unknown.map((f) => JSON.stringify(f)).join(', ')}`,
    );
  return unique;
}

/** Rows whose target reads as a finite number. Refuses a target that is mostly not numbers (a label, a category). */
function readTarget(rows: readonly unknown[], target: string): { usable: { row: unknown; y: number }[]; dropped: number } {
  const usable: { row: unknown; y: number }[] = [];
  const notNumbers: unknown[] = [];
  for (const row of rows) {
    const value = cell(row, target);
    const y = parseNumber(value);
    if (y !== undefined) usable.push({ row, y });
    else if (!isMissing(value)) notNumbers.push(value);
  }
  const present = usable.length + notNumbers.length;
  if (present > 0 && usable.length < TYPE_DOMINANCE * present) {
    const examples = [...new Set(notNumbers.slice(0, 50).map((v) => JSON.stringify(v)))].slice(0, 3);
    throw new MlInputError(
      MlInputErrorCode.TargetNotNumeric,
      'target',
      `Target ${JSON.stringify(target)} must be numeric for regression; ${notNumbers.length} of ${present} values are not numbers (e.g. ${examples.join(', ')})`,
    );
  }
  return { usable, dropped: rows.length - usable.length };
}
