import { MlArtifactError } from '../errors/ml-input.error';

/**
 * Isotonic (non-decreasing) least-squares fit of a sequence by the pool-adjacent-violators
 * algorithm (Ayer et al. 1955; Barlow et al. 1972): minimises Σᵢ wᵢ(yᵢ − fᵢ)² subject to
 * f₁ ≤ f₂ ≤ … ≤ fₙ. Values are pushed as blocks; while the last block's mean is below the one
 * before, the two are merged into their weighted mean. O(n). E.g. [1, 3, 2, 4, 3, 5] →
 * [1, 2.5, 2.5, 3.5, 3.5, 5].
 */
export function isotonicRegression(y: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
  const n = y.length;
  if (weights && weights.length !== n) throw new RangeError(`isotonic regression: ${n} values but ${weights.length} weights`);
  const blocks = poolAdjacentViolators(y, weights);
  const out = new Float64Array(n);
  for (let b = 0; b < blocks.count; b++) out.fill(blocks.mean[b], blocks.start[b], blocks.start[b] + blocks.size[b]);
  return out;
}

interface Blocks {
  count: number;
  readonly start: Uint32Array;
  readonly size: Uint32Array;
  readonly mean: Float64Array;
  readonly weight: Float64Array;
}

function poolAdjacentViolators(y: ArrayLike<number>, weights?: ArrayLike<number>): Blocks {
  const n = y.length;
  const blocks: Blocks = { count: 0, start: new Uint32Array(n), size: new Uint32Array(n), mean: new Float64Array(n), weight: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (!(w > 0) || !Number.isFinite(y[i])) throw new RangeError(`isotonic regression: value ${i} needs a finite y and a positive weight`);
    let b = blocks.count++;
    blocks.start[b] = i;
    blocks.size[b] = 1;
    blocks.mean[b] = y[i];
    blocks.weight[b] = w;
    while (b > 0 && blocks.mean[b - 1] > blocks.mean[b]) {
      const total = blocks.weight[b - 1] + blocks.weight[b];
      blocks.mean[b - 1] = (blocks.mean[b - 1] * blocks.weight[b - 1] + blocks.mean[b] * blocks.weight[b]) / total;
      blocks.weight[b - 1] = total;
      blocks.size[b - 1] += blocks.size[b];
      blocks.count--;
      b--;
    }
  }
  return blocks;
}

export interface IsotonicCalibratorJSON {
  readonly version: 1;
  readonly kind: 'isotonic-calibrator';
  readonly thresholds: number[];
  readonly values: number[];
}

/**
 * Probability calibration by isotonic regression (Zadrozny & Elkan 2002): the calibrated
 * probability is the non-decreasing function of the score that best fits the 0/1 outcomes in
 * least squares. Fitting sorts by score, pools equal scores into their mean outcome (as
 * scikit-learn's IsotonicRegression does), runs PAVA, and keeps the first and last score of each
 * constant block. `transform` interpolates linearly between those thresholds and clips outside
 * the calibration range (scikit-learn's out_of_bounds='clip'). Unlike Platt scaling it assumes
 * no shape beyond monotonicity, so it needs more calibration data (hundreds of rows at least).
 */
export class IsotonicCalibrator {
  private constructor(
    readonly thresholds: Float64Array,
    readonly values: Float64Array,
  ) {}

  static fit(scores: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): IsotonicCalibrator {
    const n = scores.length;
    if (y.length !== n || (weights && weights.length !== n)) throw new RangeError('isotonic calibration: scores, labels and weights must have the same length');
    if (n === 0) throw new RangeError('isotonic calibration: needs at least one score');
    for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i])) throw new RangeError(`isotonic calibration: score ${i} is not finite`);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
    const xs: number[] = [];
    const ys: number[] = [];
    const ws: number[] = [];
    for (const i of order) {
      const w = weights ? weights[i] : 1;
      const last = xs.length - 1;
      if (last >= 0 && xs[last] === scores[i]) {
        ys[last] = (ys[last] * ws[last] + y[i] * w) / (ws[last] + w);
        ws[last] += w;
      } else {
        xs.push(scores[i]);
        ys.push(y[i]);
        ws.push(w);
      }
    }
    const blocks = poolAdjacentViolators(ys, ws);
    const thresholds: number[] = [];
    const values: number[] = [];
    for (let b = 0; b < blocks.count; b++) {
      const first = blocks.start[b];
      const last = first + blocks.size[b] - 1;
      thresholds.push(xs[first]);
      values.push(blocks.mean[b]);
      if (last !== first) {
        thresholds.push(xs[last]);
        values.push(blocks.mean[b]);
      }
    }
    return new IsotonicCalibrator(Float64Array.from(thresholds), Float64Array.from(values));
  }

  transform(scores: ArrayLike<number>): Float64Array {
    const { thresholds: t, values: v } = this;
    const m = t.length;
    const out = new Float64Array(scores.length);
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      if (s <= t[0]) out[i] = v[0];
      else if (s >= t[m - 1]) out[i] = v[m - 1];
      else {
        // Largest j with t[j] ≤ s (binary search), then interpolate towards t[j + 1].
        let lo = 0;
        let hi = m - 1;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (t[mid] <= s) lo = mid;
          else hi = mid;
        }
        out[i] = v[lo] + ((v[hi] - v[lo]) * (s - t[lo])) / (t[hi] - t[lo]);
      }
    }
    return out;
  }

  toJSON(): IsotonicCalibratorJSON {
    return { version: 1, kind: 'isotonic-calibrator', thresholds: Array.from(this.thresholds), values: Array.from(this.values) };
  }

  static fromJSON(json: unknown): IsotonicCalibrator {
    const o = (json ?? {}) as Partial<IsotonicCalibratorJSON>;
    if (o.kind !== 'isotonic-calibrator' || o.version !== 1) throw new MlArtifactError('isotonic-calibrator: wrong kind or version');
    const ok = (a: unknown): a is number[] => Array.isArray(a) && a.every((e) => typeof e === 'number' && Number.isFinite(e));
    if (!ok(o.thresholds) || !ok(o.values) || o.thresholds.length !== o.values.length || o.thresholds.length === 0)
      throw new MlArtifactError('isotonic-calibrator: thresholds and values must be non-empty arrays of equal length');
    for (let i = 1; i < o.thresholds.length; i++)
      if (o.thresholds[i] < o.thresholds[i - 1] || o.values[i] < o.values[i - 1]) throw new MlArtifactError('isotonic-calibrator: must be non-decreasing');
    return new IsotonicCalibrator(Float64Array.from(o.thresholds), Float64Array.from(o.values));
  }
}
