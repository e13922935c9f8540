import type { TabularTask } from '../artifact/model-info';
import type { MatrixModel } from '../artifact/matrix-model';
import { argmaxRows } from '../artifact/matrix-model';
import { permutationImportance } from '../explain/permutation-importance';
import { accuracy, f1Score } from '../metrics/classification/label-metrics';
import { logLoss, multiclassLogLoss } from '../metrics/classification/probability-metrics';
import { rocAuc } from '../metrics/classification/roc-auc';
import { r2, regressionMetrics } from '../metrics/regression-metrics';
import { DATE_PARTS } from '../preprocessing/date-parts';
import type { FeatureEncoding, Matrix, TabularPreprocessor } from '../preprocessing/tabular-preprocessor';

/** Labelled rows in preprocessed form; `y` holds class indices for classification. */
export interface LabelledMatrix {
  readonly x: Matrix;
  readonly y: Float64Array;
}

/** mae, rmse, r2. */
export function regressionScores(y: ArrayLike<number>, predicted: ArrayLike<number>): Record<string, number> {
  return { ...regressionMetrics(y, predicted) };
}

/**
 * accuracy and macro-averaged F1 of the most probable class, log loss of the probabilities, and
 * for two classes the ROC AUC of P(class 1) — left out when the rows hold one class only, where
 * it is undefined.
 */
export function classificationScores(y: ArrayLike<number>, proba: Float64Array, classes: number): Record<string, number> {
  const predicted = argmaxRows(proba, classes);
  const scores: Record<string, number> = {
    accuracy: accuracy(y, predicted),
    f1Macro: f1Score(y, predicted, { average: 'macro' }),
    logLoss: multiclassLogLoss(y, proba, classes),
  };
  if (classes === 2 && hasBothClasses(y)) {
    const positive = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) positive[i] = proba[2 * i + 1];
    scores['rocAuc'] = rocAuc(y, positive);
  }
  return scores;
}

export function scoreModel(model: MatrixModel, data: LabelledMatrix): { scores: Record<string, number>; predictions: Float64Array } {
  if (model.kind === 'regressor') {
    const predictions = model.predict(data.x);
    return { scores: regressionScores(data.y, predictions), predictions };
  }
  const predictions = model.predictProba(data.x);
  return { scores: classificationScores(data.y, predictions, model.classes), predictions };
}

/** What 'auto' minimises on the validation rows: RMSE for regression, log loss for classification. */
export function selectionLoss(task: TabularTask, scores: Record<string, number>): number {
  return task === 'regression' ? scores['rmse'] : scores['logLoss'];
}

/**
 * The naive model, learnt from the rows the model was fitted on and scored on `test`: the mean
 * for regression; for classification the majority class (the lowest index on a tie), with the
 * class frequencies as its probabilities.
 */
export function baselineScores(
  task: TabularTask,
  yFit: Float64Array,
  yTest: Float64Array,
  classes: number | null,
): { algorithm: 'mean' | 'majority'; metrics: Record<string, number> } {
  if (task === 'regression') {
    const mean = yFit.reduce((s, y) => s + y, 0) / yFit.length;
    return { algorithm: 'mean', metrics: regressionScores(yTest, new Float64Array(yTest.length).fill(mean)) };
  }
  const k = classes!;
  const priors = new Float64Array(k);
  for (const y of yFit) priors[y]++;
  for (let c = 0; c < k; c++) priors[c] /= yFit.length;
  const proba = new Float64Array(yTest.length * k);
  for (let i = 0; i < yTest.length; i++) proba.set(priors, i * k);
  return { algorithm: 'majority', metrics: classificationScores(yTest, proba, k) };
}

/** Most held-out rows permutation importance looks at: enough for a stable ranking, bounded cost on big data. */
export const IMPORTANCE_MAX_ROWS = 5000;

/**
 * Permutation importance of each input column (not of each encoded column: a category's one-hot
 * columns, a date's parts and a missing-value indicator move together, as if the user's column
 * itself were shuffled). The score is R² for regression and the negated log loss for
 * classification, so each value is the mean rise in log loss, or fall in R², over 5 shuffles.
 *
 * The existing `permutationImportance` shuffles one column of a matrix; it is given a matrix of
 * row numbers, one column per input, and the model sees the encoded row assembled from the row
 * each input column points to.
 */
export function columnImportance(
  model: MatrixModel,
  preprocessor: TabularPreprocessor,
  test: LabelledMatrix,
  seed: number,
): Record<string, number> {
  const rows = Math.min(test.x.rows, IMPORTANCE_MAX_ROWS);
  const cols = test.x.cols;
  const encodings = preprocessor.toJSON().features;
  const starts: number[] = [];
  let width = 0;
  for (const e of encodings) {
    starts.push(width);
    width += encodedWidth(e);
  }
  if (width !== cols) throw new Error(`encoded widths add up to ${width}, the preprocessor writes ${cols} columns`);
  starts.push(width);
  const inputs = encodings.length;
  const source = test.x.data;
  const rowNumbers = new Float32Array(rows * inputs);
  for (let r = 0; r < rows; r++) rowNumbers.fill(r, r * inputs, (r + 1) * inputs);
  const encoded = new Float32Array(rows * cols);
  const assemble = (x: Float32Array, n: number): Matrix => {
    for (let r = 0; r < n; r++)
      for (let f = 0; f < inputs; f++) {
        const from = x[r * inputs + f] * cols;
        encoded.set(source.subarray(from + starts[f], from + starts[f + 1]), r * cols + starts[f]);
      }
    return { data: encoded.subarray(0, n * cols), rows: n, cols };
  };
  const y = test.y.subarray(0, rows);
  const importance =
    model.kind === 'regressor'
      ? permutationImportance({
          predict: (x, n) => model.predict(assemble(x, n)),
          x: rowNumbers,
          rows,
          cols: inputs,
          y,
          score: r2,
          higherIsBetter: true,
          seed,
        })
      : permutationImportance({
          // The probability of each row's true class; its log loss against all-ones labels is the model's log loss.
          predict: (x, n) => {
            const proba = model.predictProba(assemble(x, n));
            return Float64Array.from({ length: n }, (_, r) => proba[r * model.classes + y[r]]);
          },
          x: rowNumbers,
          rows,
          cols: inputs,
          y: new Float64Array(rows).fill(1),
          score: logLoss,
          higherIsBetter: false,
          seed,
        });
  return Object.fromEntries(encodings.map((e, f) => [e.name, importance.mean[f]]));
}

/** Columns `TabularPreprocessor.transform` writes for one encoding, in the same order. */
function encodedWidth(e: FeatureEncoding): number {
  switch (e.type) {
    case 'numeric':
    case 'boolean':
      return 1 + (e.missingIndicator ? 1 : 0);
    case 'categorical':
      return e.categories.length + (e.other ? 1 : 0);
    case 'timestamp':
      return DATE_PARTS.length + (e.missingIndicator ? 1 : 0);
  }
}

function hasBothClasses(y: ArrayLike<number>): boolean {
  let zeros = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 0) zeros++;
  return zeros > 0 && zeros < y.length;
}
