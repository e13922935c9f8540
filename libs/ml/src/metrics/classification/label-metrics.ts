import { checkSameLength } from './check-inputs';

/**
 * Metrics over predicted class labels. Labels are numbers (class indices or codes); the classes
 * taken into account are the sorted union of the labels in y and ŷ, as scikit-learn does.
 * A ratio with a zero denominator (no prediction of a class, no instance of it) counts as 0,
 * scikit-learn's zero_division=0 behaviour.
 */

/** Accuracy = (1/n) Σᵢ 1[yᵢ = ŷᵢ]. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = checkSameLength('accuracy', yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / n;
}

export interface ConfusionMatrix {
  /** Class labels in row/column order (sorted ascending). */
  readonly labels: readonly number[];
  /** labels.length² counts, row-major: counts[i·k + j] = #{true = labels[i], predicted = labels[j]}. */
  readonly counts: Uint32Array;
}

/**
 * C[i][j] = number of samples of true class labels[i] predicted as labels[j] (rows true, columns
 * predicted, scikit-learn's convention). `labels` defaults to the sorted union of both inputs;
 * pairs with a label outside a given list are not counted.
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels?: readonly number[]): ConfusionMatrix {
  const n = checkSameLength('confusionMatrix', yTrue, yPred);
  const classes = labels ? [...labels] : unionLabels(yTrue, yPred);
  const index = new Map(classes.map((c, i) => [c, i]));
  if (index.size !== classes.length) throw new RangeError('confusionMatrix: labels must be distinct');
  const k = classes.length;
  const counts = new Uint32Array(k * k);
  for (let i = 0; i < n; i++) {
    const a = index.get(yTrue[i]);
    const b = index.get(yPred[i]);
    if (a !== undefined && b !== undefined) counts[a * k + b]++;
  }
  return { labels: classes, counts };
}

export interface PerClassScores {
  readonly labels: readonly number[];
  /** TPₖ / (TPₖ + FPₖ). */
  readonly precision: Float64Array;
  /** TPₖ / (TPₖ + FNₖ). */
  readonly recall: Float64Array;
  /** 2·P·R / (P + R) = 2TP / (2TP + FP + FN). */
  readonly f1: Float64Array;
  /** Number of true instances of each class. */
  readonly support: Uint32Array;
}

/** Precision, recall, F1 and support of every class, one-vs-rest (scikit-learn's classification_report). */
export function perClassScores(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): PerClassScores {
  const { labels, counts } = confusionMatrix(yTrue, yPred);
  const k = labels.length;
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f1 = new Float64Array(k);
  const support = new Uint32Array(k);
  for (let c = 0; c < k; c++) {
    const tp = counts[c * k + c];
    let predicted = 0;
    let actual = 0;
    for (let o = 0; o < k; o++) {
      predicted += counts[o * k + c];
      actual += counts[c * k + o];
    }
    precision[c] = predicted === 0 ? 0 : tp / predicted;
    recall[c] = actual === 0 ? 0 : tp / actual;
    f1[c] = predicted + actual === 0 ? 0 : (2 * tp) / (predicted + actual);
    support[c] = actual;
  }
  return { labels, precision, recall, f1, support };
}

/**
 * - 'binary': the score of `positiveLabel` alone (default label 1);
 * - 'macro': unweighted mean over classes, (1/K) Σₖ sₖ;
 * - 'weighted': mean weighted by support, Σₖ nₖ·sₖ / Σₖ nₖ.
 */
export type ClassificationAverage = 'binary' | 'macro' | 'weighted';

export interface AverageOptions {
  /** Default 'binary'. */
  readonly average?: ClassificationAverage;
  /** The positive class for 'binary' (default 1). */
  readonly positiveLabel?: number;
}

/** Precision TP / (TP + FP), averaged as asked. */
export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AverageOptions = {}): number {
  return averaged(perClassScores(yTrue, yPred), 'precision', options);
}

/** Recall (sensitivity) TP / (TP + FN), averaged as asked. */
export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AverageOptions = {}): number {
  return averaged(perClassScores(yTrue, yPred), 'recall', options);
}

/** F1 = 2TP / (2TP + FP + FN), the harmonic mean of precision and recall, averaged as asked (macro = mean of per-class F1). */
export function f1Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AverageOptions = {}): number {
  return averaged(perClassScores(yTrue, yPred), 'f1', options);
}

function averaged(scores: PerClassScores, metric: 'precision' | 'recall' | 'f1', options: AverageOptions): number {
  const values = scores[metric];
  const average = options.average ?? 'binary';
  switch (average) {
    case 'binary': {
      const c = scores.labels.indexOf(options.positiveLabel ?? 1);
      return c === -1 ? 0 : values[c];
    }
    case 'macro': {
      let s = 0;
      for (const v of values) s += v;
      return s / values.length;
    }
    case 'weighted': {
      let s = 0;
      let w = 0;
      for (let c = 0; c < values.length; c++) {
        s += values[c] * scores.support[c];
        w += scores.support[c];
      }
      return w === 0 ? 0 : s / w;
    }
    default:
      throw new RangeError(`unknown average ${String(average)}`);
  }
}

function unionLabels(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const set = new Set<number>();
  for (let i = 0; i < a.length; i++) set.add(a[i]);
  for (let i = 0; i < b.length; i++) set.add(b[i]);
  for (const v of set) if (!Number.isFinite(v)) throw new RangeError(`labels must be finite numbers, got ${v}`);
  return [...set].sort((x, y) => x - y);
}
