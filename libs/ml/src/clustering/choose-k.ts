import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { silhouetteScore } from '../metrics/classification/silhouette';
import { checkIntegerParam } from '../models/linear/fit-summary';
import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { deriveSeed, mulberry32 } from '../random/prng';
import { permutation } from '../random/shuffle';
import { checkFiniteMatrix } from './check-matrix';
import { DEFAULT_KMEANS_OPTIONS, fitKMeans, type KMeansFit, type KMeansOptions } from './kmeans';

export interface ChooseKOptions extends Omit<KMeansOptions, 'k'> {
  /** Smallest k tried; the silhouette needs at least 2 clusters. */
  readonly kMin?: number;
  /** Largest k tried; needs rows ≥ kMax + 1. */
  readonly kMax?: number;
  /**
   * The silhouette costs O(m²·cols) on m rows, so above this many rows it is computed on a seeded
   * random sample of this size — the same rows for every k, so the scores stay comparable.
   * (At 1000 rows the library's silhouette takes about 0.2 s per k.)
   */
  readonly silhouetteSampleSize?: number;
}

export const DEFAULT_CHOOSE_K_OPTIONS = { kMin: 2, kMax: 10, silhouetteSampleSize: 1000 } as const;

export interface KCandidate {
  readonly k: number;
  /** Mean silhouette of the k-means labels; NaN if they form fewer than 2 clusters on the scored rows. */
  readonly silhouette: number;
  readonly inertia: number;
  readonly converged: boolean;
}

export interface ChooseKResult {
  /** The k with the highest mean silhouette (the smaller k on ties). */
  readonly k: number;
  /** One entry per k from kMin to kMax, in that order. */
  readonly candidates: readonly KCandidate[];
  /** The k-means fit for the chosen k (identical to `fitKMeans(x, { ...options, k })`). */
  readonly fit: KMeansFit;
}

/**
 * Chooses the number of k-means clusters by the mean silhouette (Rousseeuw 1987): fits k-means
 * for every k in [kMin, kMax] and keeps the k whose labels have the highest mean silhouette.
 * Unlike inertia, which always falls as k grows, the silhouette peaks where clusters are both
 * compact and well separated. It cannot say "one cluster" (k = 1 has no silhouette) and favours
 * convex, similarly sized clusters, as k-means itself does.
 */
export function chooseK(x: RowMajorMatrix, options: ChooseKOptions = {}): ChooseKResult {
  const kMin = checkIntegerParam('kMin', options.kMin ?? DEFAULT_CHOOSE_K_OPTIONS.kMin, 2, 1000);
  const kMax = checkIntegerParam('kMax', options.kMax ?? DEFAULT_CHOOSE_K_OPTIONS.kMax, kMin, 1000);
  const sampleSize = checkIntegerParam('silhouetteSampleSize', options.silhouetteSampleSize ?? DEFAULT_CHOOSE_K_OPTIONS.silhouetteSampleSize, kMax + 1, 100_000);
  checkFiniteMatrix('chooseK', x, kMax + 1);
  const seed = options.seed ?? DEFAULT_KMEANS_OPTIONS.seed;

  const sample = x.rows > sampleSize ? sampleRows(x, sampleSize, seed) : undefined;
  const scored = sample ? sample.matrix : x;
  const candidates: KCandidate[] = [];
  let best: { k: number; silhouette: number; fit: KMeansFit } | undefined;
  for (let k = kMin; k <= kMax; k++) {
    const fit = fitKMeans(x, { ...options, k });
    const labels = sample ? Int32Array.from(sample.rows, (i) => fit.labels[i]) : fit.labels;
    const silhouette = distinctCount(labels) >= 2 ? silhouetteScore(scored, labels) : NaN;
    candidates.push({ k, silhouette, inertia: fit.inertia, converged: fit.converged });
    if (silhouette > (best?.silhouette ?? -Infinity)) best = { k, silhouette, fit };
  }
  if (!best)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'x', 'chooseK: no k gives two or more clusters; are all rows identical?');
  return { k: best.k, candidates, fit: best.fit };
}

function sampleRows(x: RowMajorMatrix, m: number, seed: number): { rows: Uint32Array; matrix: RowMajorMatrix } {
  const rows = permutation(x.rows, mulberry32(deriveSeed(seed, 'silhouette-sample'))).slice(0, m).sort();
  const d = x.cols;
  const data = new Float64Array(m * d);
  rows.forEach((r, i) => data.set(x.data.subarray(r * d, (r + 1) * d), i * d));
  return { rows, matrix: { data, rows: m, cols: d } };
}

function distinctCount(labels: Int32Array): number {
  return new Set(labels).size;
}
