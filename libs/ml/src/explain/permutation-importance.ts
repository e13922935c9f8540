import { deriveSeed, mulberry32 } from '../random/prng';
import { shuffleInPlace } from '../random/shuffle';
import { predictChecked, type PredictFn } from './predict-fn';

export interface PermutationImportanceOptions {
  readonly predict: PredictFn;
  /** Row-major `rows × cols` evaluation rows, preferably held out from training. */
  readonly x: Float32Array;
  readonly rows: number;
  readonly cols: number;
  readonly y: ArrayLike<number>;
  /** Scores predictions against y: R², accuracy, AUC, RMSE, … */
  readonly score: (actual: ArrayLike<number>, predicted: ArrayLike<number>) => number;
  /** true for scores such as R² or accuracy, false for losses such as RMSE. */
  readonly higherIsBetter: boolean;
  /** Permutations per feature. */
  readonly nRepeats?: number;
  readonly seed?: number;
}

export interface PermutationImportance {
  /** Score of the unpermuted rows. */
  readonly baselineScore: number;
  /** Per feature, the mean drop in score over the repeats (a rise in loss counts as a drop). */
  readonly mean: Float64Array;
  /** Per feature, the population standard deviation of the drops. */
  readonly std: Float64Array;
  /** Row-major `cols × nRepeats`: every drop. */
  readonly drops: Float64Array;
  readonly nRepeats: number;
}

/**
 * Permutation feature importance (Breiman, "Random forests", Machine Learning 45, 2001, §10;
 * model-agnostic form of Fisher, Rudin & Dominici 2019 and scikit-learn's
 * `permutation_importance`): shuffle one column, breaking its link with y and with the other
 * columns, and measure how much the score drops. A feature the model ignores drops nothing.
 *
 * Feature j's permutations come from a generator seeded by (seed, j), so they do not depend on
 * the number of columns or the order features are visited in.
 */
export function permutationImportance(options: PermutationImportanceOptions): PermutationImportance {
  const { predict, x, rows, cols, y, score, higherIsBetter } = options;
  const nRepeats = options.nRepeats ?? 5;
  const seed = options.seed ?? 42;
  if (x.length !== rows * cols) throw new RangeError(`x has ${x.length} values, expected ${rows} × ${cols}`);
  if (y.length !== rows) throw new RangeError(`y has ${y.length} values, expected ${rows}`);
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new RangeError('nRepeats must be a positive integer');

  const sign = higherIsBetter ? 1 : -1;
  const baselineScore = score(y, predictChecked(predict, x, rows));
  const work = x.slice();
  const column = new Float32Array(rows);
  const drops = new Float64Array(cols * nRepeats);
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const rng = mulberry32(deriveSeed(seed, `permutation-importance:${j}`));
    for (let r = 0; r < rows; r++) column[r] = x[r * cols + j];
    for (let k = 0; k < nRepeats; k++) {
      shuffleInPlace(column, rng);
      for (let r = 0; r < rows; r++) work[r * cols + j] = column[r];
      drops[j * nRepeats + k] = sign * (baselineScore - score(y, predictChecked(predict, work, rows)));
    }
    for (let r = 0; r < rows; r++) work[r * cols + j] = x[r * cols + j];
    let sum = 0;
    for (let k = 0; k < nRepeats; k++) sum += drops[j * nRepeats + k];
    mean[j] = sum / nRepeats;
    let ss = 0;
    for (let k = 0; k < nRepeats; k++) ss += (drops[j * nRepeats + k] - mean[j]) ** 2;
    std[j] = Math.sqrt(ss / nRepeats);
  }
  return { baselineScore, mean, std, drops, nRepeats };
}
