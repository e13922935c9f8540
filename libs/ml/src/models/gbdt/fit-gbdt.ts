/**
 * Histogram-based gradient-boosted decision trees.
 *
 * Gradient boosting (Friedman, "Greedy function approximation: a gradient boosting machine",
 * Ann. Statist. 29(5), 2001) builds F(x) = F₀ + ν Σ_m f_m(x) stagewise: each tree f_m is fitted
 * to the loss's derivatives at the current scores. We use the second-order form of XGBoost
 * (Chen & Guestrin, KDD 2016): leaf values are Newton steps −G / (H + λ) and splits maximise
 * the matching reduction of the regularised loss (see `TreeGrower`). Split finding follows
 * LightGBM (Ke et al., "LightGBM: a highly efficient gradient boosting decision tree",
 * NeurIPS 2017) and scikit-learn's HistGradientBoosting: features are cut into at most 255
 * quantile bins fitted on the training rows, missing values get a bin of their own, candidate
 * splits come from gradient histograms with the sibling-subtraction trick, and trees grow
 * leaf-wise (best-first) or depth-wise. Stochastic gradient boosting (Friedman 2002) grows each
 * tree on a seeded row sample and feature sample.
 *
 * Everything random derives from `params.seed`, so a seed and the data fix the model exactly.
 */
import { MlInputError, MlInputErrorCode } from '../../errors/ml-input.error';
import { deriveSeed, mulberry32, randomInt, type Rng } from '../../random/prng';
import { BinMapper } from './bin-mapper';
import { CompiledForest, concatForests, type FlatForest } from './flat-forest';
import { GbdtModel, type GbdtIterationLoss } from './gbdt-model';
import { lossFor } from './gbdt-objective';
import { resolveGbdtParams, type GbdtParams } from './gbdt-params';
import { accumulateBinned, TreeGrower } from './tree-grower';

/** Rows to evaluate after each round, usually disjoint from the training rows; drives early stopping. */
export interface GbdtValidationSet {
  /** Row-major `rows × cols`, the same columns as the training matrix. */
  readonly x: Float32Array;
  readonly rows: number;
  readonly y: ArrayLike<number>;
}

/** One finished boosting round, as `gbdtRounds` reports it. */
export interface GbdtRound extends GbdtIterationLoss {
  /** True when this is the last round training will run (early stop, no split, or the limit). */
  readonly last: boolean;
}

/**
 * Fits a GBDT to the row-major `rows × cols` matrix x (NaN = missing) and targets y: numbers
 * for regression, 0/1 for binary, class indices 0..K−1 for multiclass.
 *
 * With a validation set, the validation loss is recorded every round, training stops after
 * `earlyStoppingRounds` rounds without an improvement of more than `earlyStoppingMinDelta`,
 * and the model keeps the trees of the best round only (`bestIteration`). Training also ends
 * early when a round cannot split any tree, since every later round would be the same.
 */
export function fitGbdt(
  x: Float32Array,
  rows: number,
  cols: number,
  y: ArrayLike<number>,
  params: GbdtParams = {},
  validation?: GbdtValidationSet,
): GbdtModel {
  const rounds = gbdtRounds(x, rows, cols, y, params, validation);
  for (;;) {
    const next = rounds.next();
    if (next.done) return next.value;
  }
}

/**
 * `fitGbdt` one round at a time: yields after every boosting round and returns the model, so a
 * caller can report progress, stop, or yield to the event loop between rounds (the training
 * worker does) while the rounds, random draws and early stopping stay exactly those of `fitGbdt`.
 */
export function* gbdtRounds(
  x: Float32Array,
  rows: number,
  cols: number,
  y: ArrayLike<number>,
  params: GbdtParams = {},
  validation?: GbdtValidationSet,
): Generator<GbdtRound, GbdtModel, void> {
  const p = resolveGbdtParams(params);
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || cols < 1) throw new RangeError(`Invalid shape ${rows} × ${cols}`);
  if (x.length !== rows * cols) throw new RangeError(`x has ${x.length} values, expected ${rows} × ${cols}`);
  if (y.length !== rows) throw new RangeError(`y has ${y.length} values, expected ${rows}`);
  if (rows < 2) throw new MlInputError(MlInputErrorCode.TooFewRows, 'rows', `GBDT needs at least 2 training rows, got ${rows}`);
  const loss = lossFor(p.objective, y, p.nClasses);
  const outputs = loss.outputs;
  if (validation) {
    if (validation.x.length !== validation.rows * cols) throw new RangeError(`validation.x has ${validation.x.length} values, expected ${validation.rows} × ${cols}`);
    if (validation.y.length !== validation.rows) throw new RangeError(`validation.y has ${validation.y.length} values, expected ${validation.rows}`);
    if (validation.rows < 1) throw new MlInputError(MlInputErrorCode.TooFewRows, 'validation.rows', 'the validation set is empty');
    lossFor(p.objective, validation.y, outputs > 1 ? outputs : null);
  }

  const bins = BinMapper.fit(x, rows, cols, p.maxBins, p.seed);
  const binned = bins.transform(x, rows);
  const grower = new TreeGrower(binned, rows, cols, bins, {
    growth: p.growth,
    maxLeaves: p.maxLeaves,
    maxDepth: p.maxDepth ?? Infinity,
    minSamplesLeaf: p.minSamplesLeaf,
    minHessianLeaf: p.minHessianLeaf,
    lambda: p.lambda,
    minSplitGain: p.minSplitGain,
    learningRate: p.learningRate,
  });

  const baseScore = loss.initialScores(y);
  const raw = tile(baseScore, rows);
  const validRaw = validation ? tile(baseScore, validation.rows) : null;
  const grad = new Float64Array(rows * outputs);
  const hess = new Float64Array(rows * outputs);
  const rowRng = mulberry32(deriveSeed(p.seed, 'gbdt:rows'));
  const featureRng = mulberry32(deriveSeed(p.seed, 'gbdt:features'));
  const rowPool = identity(rows);
  const featurePool = identity(cols);
  const sampleRows = Math.max(1, Math.round(p.rowSubsample * rows));
  const sampleFeatures = Math.max(1, Math.round(p.featureSubsample * cols));

  const trees: FlatForest[] = [];
  const history: GbdtIterationLoss[] = [];
  let bestIteration = 0;
  let bestValid = Infinity;
  for (let iteration = 1; iteration <= p.maxIterations; iteration++) {
    loss.gradients(y, raw, grad, hess);
    let anySplit = false;
    for (let k = 0; k < outputs; k++) {
      const sample = Uint32Array.from(sampleWithoutReplacement(rowPool, sampleRows, rowRng)).sort();
      const features = Int32Array.from(sampleWithoutReplacement(featurePool, sampleFeatures, featureRng)).sort();
      const grown = grower.grow(grad.subarray(k * rows, (k + 1) * rows), hess.subarray(k * rows, (k + 1) * rows), sample, features);
      anySplit ||= grown.leaves > 1;
      if (sample.length === rows) grower.addToSampledRows(raw, outputs, k);
      else accumulateBinned(grown, binned, rows, cols, raw, outputs, k);
      if (validation && validRaw) new CompiledForest(grown.tree, cols).accumulate(validation.x, validation.rows, outputs, validRaw, k);
      trees.push(grown.tree);
    }
    const validLoss = validation && validRaw ? loss.loss(validation.y, validRaw) : null;
    const round = { iteration, trainLoss: loss.loss(y, raw), validLoss };
    history.push(round);
    let last = !anySplit || iteration === p.maxIterations;
    if (validLoss === null) bestIteration = iteration;
    else if (validLoss < bestValid - p.earlyStoppingMinDelta || bestIteration === 0) {
      bestValid = validLoss;
      bestIteration = iteration;
    } else if (p.earlyStoppingRounds > 0 && iteration - bestIteration >= p.earlyStoppingRounds) last = true;
    yield { ...round, last };
    if (last) break;
  }

  return new GbdtModel({
    params: p,
    nFeatures: cols,
    nClasses: p.objective === 'regression' ? null : p.objective === 'binary' ? 2 : outputs,
    baseScore,
    forest: concatForests(trees.slice(0, bestIteration * outputs)),
    bestIteration,
    trainingHistory: history,
  });
}

function tile(values: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows * values.length);
  for (let r = 0; r < rows; r++) out.set(values, r * values.length);
  return out;
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * The first m entries of `pool` after m steps of a Fisher–Yates shuffle: a uniform sample of
 * size m without replacement. The pool stays a permutation, so it can be reused.
 */
function sampleWithoutReplacement(pool: Uint32Array, m: number, rng: Rng): Uint32Array {
  if (m >= pool.length) return pool;
  for (let i = 0; i < m; i++) {
    const j = i + randomInt(rng, pool.length - i);
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return pool.subarray(0, m);
}
