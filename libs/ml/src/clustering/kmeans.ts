import { MlArtifactError } from '../errors/ml-input.error';
import { checkIntegerParam, checkNumberParam, readObject } from '../models/linear/fit-summary';
import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { deriveSeed, mulberry32 } from '../random/prng';
import { checkFiniteMatrix, checkQueryMatrix, squaredDistance } from './check-matrix';
import { kMeansPlusPlus } from './kmeans-plus-plus';

export interface KMeansOptions {
  readonly k: number;
  /** Independent k-means++ starts; the run with the lowest inertia is kept. */
  readonly nInit?: number;
  /** Lloyd iterations per start. */
  readonly maxIterations?: number;
  /**
   * Relative tolerance, scikit-learn's convention: a run stops once the centroids move by
   * Σⱼ ‖μⱼ⁽ᵗ⁺¹⁾ − μⱼ⁽ᵗ⁾‖² ≤ tolerance · (mean over columns of the variance of x), so it does not
   * depend on the units of x. A run also stops when no label changes.
   */
  readonly tolerance?: number;
  readonly seed?: number;
}

export const DEFAULT_KMEANS_OPTIONS = { nInit: 10, maxIterations: 300, tolerance: 1e-4, seed: 42 } as const;

/** Bounds on caller-supplied options, so that one request cannot ask for hours of work. */
export const KMEANS_LIMITS = { maxK: 10_000, maxInit: 1000, maxIterations: 100_000 } as const;

export interface KMeansFit {
  readonly model: KMeans;
  /** Cluster of each training row under the returned centroids (so `model.predict(x)` gives the same). */
  readonly labels: Int32Array;
  /** Σᵢ ‖xᵢ − μ_label(i)‖² of the kept run. */
  readonly inertia: number;
  /** Centroid updates made by the kept run (a run whose first update changes no label reports 1). */
  readonly iterations: number;
  /** Whether the kept run met the tolerance (or stopped changing labels) before maxIterations. */
  readonly converged: boolean;
  /** Final inertia of every start, in the order run; `inertia` is their minimum (the first, on ties). */
  readonly restartInertias: Float64Array;
}

export interface KMeansJSON {
  readonly version: 1;
  readonly kind: 'kmeans';
  readonly k: number;
  readonly cols: number;
  /** Row-major k × cols. */
  readonly centroids: number[];
}

/** Fitted k-means: k centroids; a row belongs to the nearest one (Euclidean, ties to the lower index). */
export class KMeans {
  readonly k: number;

  constructor(
    /** Row-major k × cols. */
    readonly centroids: Float64Array,
    readonly cols: number,
  ) {
    if (!(Number.isInteger(cols) && cols >= 1 && centroids.length > 0 && centroids.length % cols === 0))
      throw new RangeError('KMeans: centroids must hold k × cols values, k ≥ 1');
    this.k = centroids.length / cols;
  }

  /** Index of the nearest centroid for each row. O(rows·k·cols). */
  predict(x: RowMajorMatrix): Int32Array {
    checkQueryMatrix('KMeans.predict', x, this.cols);
    const labels = new Int32Array(x.rows);
    assignNearest(x, this.centroids, this.k, labels);
    return labels;
  }

  /** Σᵢ min_j ‖xᵢ − μⱼ‖²: the k-means objective of these centroids on x. */
  inertia(x: RowMajorMatrix): number {
    checkQueryMatrix('KMeans.inertia', x, this.cols);
    return assignNearest(x, this.centroids, this.k, new Int32Array(x.rows));
  }

  toJSON(): KMeansJSON {
    return { version: 1, kind: 'kmeans', k: this.k, cols: this.cols, centroids: Array.from(this.centroids) };
  }

  /** Inverse of `toJSON`; throws MlArtifactError on anything else. */
  static fromJSON(json: unknown): KMeans {
    const o = readObject(json, 'kmeans');
    const { k, cols, centroids } = o;
    if (!(Number.isInteger(k) && (k as number) >= 1 && Number.isInteger(cols) && (cols as number) >= 1))
      throw new MlArtifactError('kmeans: k and cols must be positive integers');
    if (!Array.isArray(centroids) || centroids.length !== (k as number) * (cols as number) || !centroids.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new MlArtifactError('kmeans: centroids must be k × cols finite numbers');
    return new KMeans(Float64Array.from(centroids as number[]), cols as number);
  }
}

/**
 * k-means by Lloyd's algorithm (Lloyd 1982, "Least squares quantization in PCM") from k-means++
 * starts (Arthur & Vassilvitskii 2007): alternately assign every row to its nearest centroid and
 * move every centroid to the mean of its rows; each step lowers the inertia Σᵢ ‖xᵢ − μ_label(i)‖²,
 * so a run ends in a local minimum, and `nInit` starts keep the best of several.
 *
 * Start r draws from its own generator, seeded by (seed, r), so raising nInit adds starts without
 * changing the earlier ones. A cluster left empty is given the row farthest from its centroid
 * (taken from a cluster that keeps at least one row), as scikit-learn does. Sums are in double
 * precision; distances are computed directly, not by the ‖x‖² − 2x·μ + ‖μ‖² shortcut, which
 * cancels badly for points far from the origin. O(nInit · iterations · rows · k · cols) time.
 */
export function fitKMeans(x: RowMajorMatrix, options: KMeansOptions): KMeansFit {
  const k = checkIntegerParam('k', options.k, 1, KMEANS_LIMITS.maxK);
  const nInit = checkIntegerParam('nInit', options.nInit ?? DEFAULT_KMEANS_OPTIONS.nInit, 1, KMEANS_LIMITS.maxInit);
  const maxIterations = checkIntegerParam('maxIterations', options.maxIterations ?? DEFAULT_KMEANS_OPTIONS.maxIterations, 1, KMEANS_LIMITS.maxIterations);
  const tolerance = checkNumberParam('tolerance', options.tolerance ?? DEFAULT_KMEANS_OPTIONS.tolerance, 0);
  const seed = checkIntegerParam('seed', options.seed ?? DEFAULT_KMEANS_OPTIONS.seed, -(2 ** 53), 2 ** 53);
  checkFiniteMatrix('fitKMeans', x, k);

  const shiftTolerance = tolerance * meanColumnVariance(x);
  const restartInertias = new Float64Array(nInit);
  let best: LloydRun | undefined;
  for (let r = 0; r < nInit; r++) {
    const rng = mulberry32(deriveSeed(seed, `kmeans-init-${r}`));
    const seeds = kMeansPlusPlus(x, k, rng);
    const centroids = new Float64Array(k * x.cols);
    for (let j = 0; j < k; j++) centroids.set(x.data.subarray(seeds[j] * x.cols, (seeds[j] + 1) * x.cols), j * x.cols);
    const run = lloyd(x, centroids, k, maxIterations, shiftTolerance);
    restartInertias[r] = run.inertia;
    if (best === undefined || run.inertia < best.inertia) best = run;
  }
  const kept = best!;
  return {
    model: new KMeans(kept.centroids, x.cols),
    labels: kept.labels,
    inertia: kept.inertia,
    iterations: kept.iterations,
    converged: kept.converged,
    restartInertias,
  };
}

interface LloydRun {
  readonly centroids: Float64Array;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
}

function lloyd(x: RowMajorMatrix, centroids: Float64Array, k: number, maxIterations: number, shiftTolerance: number): LloydRun {
  const { data, rows: n, cols: d } = x;
  const labels = new Int32Array(n).fill(-1);
  const previous = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const distance = new Float64Array(n);
  const taken = new Uint8Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    previous.set(labels);
    assignNearest(x, centroids, k, labels, distance);
    if (iterations > 0 && labels.every((l, i) => l === previous[i])) {
      converged = true;
      break;
    }
    iterations++;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const j = labels[i];
      counts[j]++;
      for (let f = 0; f < d; f++) sums[j * d + f] += data[i * d + f];
    }
    taken.fill(0);
    for (let j = 0; j < k; j++) {
      if (counts[j] > 0) continue;
      let far = -1;
      for (let i = 0; i < n; i++) if (!taken[i] && counts[labels[i]] > 1 && (far < 0 || distance[i] > distance[far])) far = i;
      if (far < 0) continue; // every cluster is down to one row: nothing to give
      taken[far] = 1;
      const donor = labels[far];
      counts[donor]--;
      counts[j] = 1;
      for (let f = 0; f < d; f++) {
        sums[donor * d + f] -= data[far * d + f];
        sums[j * d + f] = data[far * d + f];
      }
      labels[far] = j;
    }
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue;
      for (let f = 0; f < d; f++) {
        const mean = sums[j * d + f] / counts[j];
        shift += (mean - centroids[j * d + f]) ** 2;
        centroids[j * d + f] = mean;
      }
    }
    if (shift <= shiftTolerance) {
      converged = true;
      break;
    }
  }
  // The labels and inertia reported belong to the final centroids, not the ones before the last move.
  const inertia = assignNearest(x, centroids, k, labels, distance);
  return { centroids, labels, inertia, iterations, converged };
}

/** Writes each row's nearest centroid (ties to the lower index) into `labels`, its squared distance into `distance`; returns their sum. */
function assignNearest(x: RowMajorMatrix, centroids: Float64Array, k: number, labels: Int32Array, distance?: Float64Array): number {
  const { data, rows: n, cols: d } = x;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDistance = squaredDistance(data, i, centroids, 0, d);
    for (let j = 1; j < k; j++) {
      const dist = squaredDistance(data, i, centroids, j, d);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = j;
      }
    }
    labels[i] = best;
    if (distance) distance[i] = bestDistance;
    total += bestDistance;
  }
  return total;
}

/** (1/d) Σ_f Var(x_f), population variance by two passes. */
function meanColumnVariance(x: RowMajorMatrix): number {
  const { data, rows: n, cols: d } = x;
  if (n === 0) return 0;
  let total = 0;
  for (let f = 0; f < d; f++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + f];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * d + f] - mean) ** 2;
    total += ss / n;
  }
  return total / d;
}
