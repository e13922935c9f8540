import { CLUSTER_ARTIFACT_FORMAT_VERSION, encodeClusterArtifact, type ClusterArtifact } from '../artifact/cluster-artifact';
import { chooseK, DEFAULT_CHOOSE_K_OPTIONS } from '../clustering/choose-k';
import { fitKMeans, type KMeansFit } from '../clustering/kmeans';
import { MlCancelledError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { columnNames } from '../frame/row';
import { hashRows } from '../frame/rows-hash';
import { silhouetteScore } from '../metrics/classification/silhouette';
import type { TrainingHooks } from '../models/mlp-regressor';
import type { Matrix } from '../preprocessing/tabular-preprocessor';
import { deriveSeed, mulberry32 } from '../random/prng';
import { checkRowsArray, checkSeed, checkTestFraction, fitTrainingPreprocessor, MIN_TRAINING_ROWS } from './tabular-input';
import { trainTestSplit } from './train-test-split';

export interface TrainClusteringOptions {
  /** Input columns; default every column of the rows. */
  readonly features?: readonly string[];
  /** Default 'auto' (k-means with k chosen by silhouette); 'kmeans' takes `params.k`. */
  readonly algorithm?: 'auto' | 'kmeans';
  /** k (fixed number of clusters), or kMin/kMax (the range 'auto' searches, default 2…10). */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly testFraction?: number;
  readonly seed?: number;
  readonly hooks?: Pick<TrainingHooks, 'signal' | 'onEpoch'>;
}

export interface TrainClusteringResult {
  readonly artifact: Uint8Array;
  readonly task: 'clustering';
  readonly algorithm: 'kmeans';
  /** Held-out rows, assigned to the nearest centroid: silhouette, k, and the largest cluster's share. */
  readonly metrics: Record<string, number>;
  /** The same k, drawn at random: what the silhouette looks like with no structure found. */
  readonly baseline: { readonly algorithm: 'random'; readonly metrics: Record<string, number> };
  /** 'auto': the silhouette of every k tried (on the training rows). */
  readonly candidates: ReadonlyArray<{ readonly algorithm: string; readonly validation: Record<string, number> }>;
  readonly params: Record<string, unknown>;
  readonly features: string[];
  readonly featureImportance: Record<string, number>;
  readonly trainingData: { readonly rows: number; readonly hash: string; readonly rowsUsed: number; readonly rowsDroppedMissingTarget: number };
}

/** The silhouette is O(m²); held-out scores use at most this many rows. */
const SILHOUETTE_ROWS = 2000;

/**
 * Segments rows with k-means (k-means++ starts, several restarts) on the standardised,
 * one-hot-encoded inputs, fitted on a seeded training split. 'auto' chooses k by the mean
 * silhouette (Rousseeuw 1987) on the training rows. The held-out rows, assigned to their nearest
 * centroid, give the reported silhouette, next to random labels with the same k on the same rows
 * (≈ 0 or below): a segmentation that does not beat it found no structure.
 */
export async function trainClusteringModel(rows: readonly unknown[], options: TrainClusteringOptions = {}): Promise<TrainClusteringResult> {
  checkRowsArray(rows);
  if (rows.length < MIN_TRAINING_ROWS) throw new MlInputError(MlInputErrorCode.TooFewRows, 'rows', `clustering needs at least ${MIN_TRAINING_ROWS} rows, got ${rows.length}`);
  const seed = checkSeed(options.seed ?? 42);
  const testFraction = checkTestFraction(options.testFraction ?? 0.2);
  const algorithm = options.algorithm ?? 'auto';
  if (algorithm !== 'auto' && algorithm !== 'kmeans') throw new MlInputError(MlInputErrorCode.InvalidParameter, 'algorithm', 'clustering supports auto and kmeans');
  const params = readParams(options.params ?? {}, algorithm);
  const columns = columnNames(rows);
  const unknown = (options.features ?? []).filter((f) => !columns.includes(f));
  if (unknown.length) throw new MlInputError(MlInputErrorCode.UnknownFeature, 'features', `Feature column(s) not in any row: ${unknown.map((f) => JSON.stringify(f)).join(', ')}`);

  const split = trainTestSplit(rows.length, testFraction, seed);
  const trainRows = Array.from(split.train, (i) => rows[i]);
  const testRows = Array.from(split.test, (i) => rows[i]);
  const { preprocessor, features } = fitTrainingPreprocessor(trainRows, options.features ?? columns, '(none)');
  const xTrain = preprocessor.transform(trainRows);
  const xTest = preprocessor.transform(testRows);
  await step(options.hooks, 1, 3);

  let fit: KMeansFit;
  const candidates: Array<{ algorithm: string; validation: Record<string, number> }> = [];
  if (params.k !== undefined) {
    if (params.k >= xTrain.rows) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params.k', `k=${params.k} needs more than ${params.k} training rows`);
    fit = fitKMeans(xTrain, { k: params.k, seed });
  } else {
    const kMax = Math.min(params.kMax, xTrain.rows - 1);
    const chosen = chooseK(xTrain, { kMin: Math.min(params.kMin, kMax), kMax, seed });
    for (const c of chosen.candidates) candidates.push({ algorithm: `kmeans(k=${c.k})`, validation: { silhouette: c.silhouette, inertia: c.inertia } });
    fit = chosen.fit;
  }
  await step(options.hooks, 2, 3);

  const k = fit.model.k;
  const scored = sampleRows(xTest, SILHOUETTE_ROWS, seed);
  const labels = fit.model.predict(scored);
  const random = mulberry32(deriveSeed(seed, 'random-clusters'));
  const randomLabels = Int32Array.from({ length: scored.rows }, () => Math.floor(random() * k));
  const sizes = new Array<number>(k).fill(0);
  for (const l of fit.model.predict(xTest)) sizes[l]!++;
  const metrics = { silhouette: silhouetteOrZero(scored, labels), k, largestClusterShare: Math.max(...sizes) / xTest.rows };
  const baseline = { algorithm: 'random' as const, metrics: { silhouette: silhouetteOrZero(scored, randomLabels), k } };
  await step(options.hooks, 3, 3);

  const hash = hashRows(rows);
  const resolved = { k, seed, ...(params.k === undefined ? { kMin: params.kMin, kMax: params.kMax } : {}) };
  const artifact: ClusterArtifact = {
    formatVersion: CLUSTER_ARTIFACT_FORMAT_VERSION,
    info: { task: 'clustering', algorithm: 'kmeans', features: preprocessor.features.map((f) => ({ name: f.name, type: f.type })), k },
    preprocessing: preprocessor.toJSON(),
    model: fit.model.toJSON(),
    metrics,
    baseline,
    candidates,
    params: resolved,
    trainingData: { rows: rows.length, hash },
    createdAt: new Date().toISOString(),
  };
  return {
    artifact: encodeClusterArtifact(artifact),
    task: 'clustering',
    algorithm: 'kmeans',
    metrics,
    baseline,
    candidates,
    params: resolved,
    features,
    featureImportance: {},
    trainingData: { rows: rows.length, hash, rowsUsed: rows.length, rowsDroppedMissingTarget: 0 },
  };
}

function readParams(params: Readonly<Record<string, unknown>>, algorithm: 'auto' | 'kmeans') {
  const int = (key: string, min: number, max: number): number | undefined => {
    const v = params[key];
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max)
      throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${key}`, `must be an integer from ${min} to ${max}`);
    return v as number;
  };
  const extra = Object.keys(params).filter((key) => !['k', 'kMin', 'kMax'].includes(key));
  if (extra.length) throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${extra[0]}`, 'clustering takes k, or kMin and kMax');
  const k = int('k', 2, 1000);
  if (algorithm === 'kmeans' && k === undefined) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params.k', 'kmeans needs k (or use auto to choose it)');
  const kMin = int('kMin', 2, 1000) ?? DEFAULT_CHOOSE_K_OPTIONS.kMin;
  const kMax = int('kMax', kMin, 1000) ?? Math.max(kMin, DEFAULT_CHOOSE_K_OPTIONS.kMax);
  return { k, kMin, kMax };
}

/** A seeded sample of at most `n` rows (the whole matrix when smaller). */
function sampleRows(x: Matrix, n: number, seed: number): Matrix {
  if (x.rows <= n) return x;
  const random = mulberry32(deriveSeed(seed, 'silhouette-sample'));
  const data = new Float32Array(n * x.cols);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(random() * x.rows);
    data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols);
  }
  return { data, rows: n, cols: x.cols };
}

/** Held-out rows that all land in one cluster have no silhouette; 0 says "no separation seen". */
function silhouetteOrZero(x: Matrix, labels: Int32Array): number {
  if (new Set(labels).size < 2) return 0;
  return silhouetteScore(x, labels);
}

async function step(hooks: TrainClusteringOptions['hooks'], done: number, total: number): Promise<void> {
  if (hooks?.signal?.aborted) throw new MlCancelledError();
  await hooks?.onEpoch?.(done, total, 0);
}
