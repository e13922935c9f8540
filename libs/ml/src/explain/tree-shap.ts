/**
 * Exact path-dependent TreeSHAP: Lundberg, Erion & Lee, "Consistent individualized feature
 * attribution for tree ensembles" (2018), Algorithm 2; Lundberg et al., "From local explanations
 * to global understanding with explainable AI for trees", Nature Machine Intelligence 2 (2020).
 *
 * For a tree f and input x, the value of a feature set S is the expectation of f when only the
 * features in S are known: at a node splitting on a feature in S follow x, otherwise average
 * both children weighted by their cover (the training hessian sums, i.e. row counts for squared
 * error). SHAP values are the Shapley values of this game,
 *   φ_i = Σ_{S ⊆ F∖{i}} |S|! (M − |S| − 1)! / M! · [v(S ∪ {i}) − v(S)],
 * which Algorithm 2 computes in O(L·D²) per tree (L leaves, D depth) by carrying, down each
 * root-to-leaf path, the proportions of all subset sizes that reach it (EXTEND), and removing
 * one feature's share again when it reappears deeper or when its contribution is read at a
 * leaf (UNWIND). The port follows the reference C++ (`tree_shap_recursive` in the shap package).
 *
 * Values are in raw-score space: regression units, log-odds for binary, the class logit for
 * multiclass. Probabilities are not additive in the trees, log-odds are; so for a binary model
 * Σφ + base value = log(p / (1 − p)). They satisfy, per row, Σ_i φ_i + E = F(x) with E the
 * base value: the initial score plus each tree's cover-weighted mean leaf value. A feature no
 * tree splits on gets exactly 0.
 */
import { treeCount, type FlatForest, type GbdtModel } from '../models/gbdt';

export interface ShapValues {
  /** Row-major `rows × cols`: φ for each row and feature. */
  readonly values: Float64Array;
  /** The expected raw score E; each row's values sum to its raw score minus E. */
  readonly baseValue: number;
  readonly rows: number;
  readonly cols: number;
}

export interface TreeShapOptions {
  /** Which class logit to explain; required for multiclass models, 0 otherwise. */
  readonly classIndex?: number;
}

/** SHAP values of `model` for the row-major `rows × model.nFeatures` matrix x (NaN = missing). */
export function treeShap(model: GbdtModel, x: Float32Array, rows: number, options: TreeShapOptions = {}): ShapValues {
  const cols = model.nFeatures;
  if (x.length !== rows * cols) throw new RangeError(`x has ${x.length} values, expected ${rows} × ${cols}`);
  const classIndex = options.classIndex ?? (model.outputs === 1 ? 0 : -1);
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < model.outputs))
    throw new RangeError(`classIndex must be an integer in [0, ${model.outputs}) for this model`);
  const forest = model.forest;
  const trees: number[] = [];
  for (let t = 0; t < treeCount(forest); t++) if (t % model.outputs === classIndex) trees.push(t);

  let baseValue = model.baseScore[classIndex];
  let maxDepth = 0;
  for (const t of trees) {
    baseValue += expectedValue(forest, t);
    maxDepth = Math.max(maxDepth, treeDepth(forest, t));
  }
  const path = new PathStore(((maxDepth + 2) * (maxDepth + 3)) / 2);
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const phi = values.subarray(r * cols, (r + 1) * cols);
    const row = x.subarray(r * cols, (r + 1) * cols);
    for (const t of trees) recurse(forest, row, phi, path, forest.treeStart[t], 0, 0, 1, 1, -1);
  }
  return { values, baseValue, rows, cols };
}

/** Σ over leaves of value × cover / root cover: the tree's mean over its training rows (hessian-weighted). */
function expectedValue(forest: FlatForest, t: number): number {
  const root = forest.treeStart[t];
  let sum = 0;
  for (let i = root; i < forest.treeStart[t + 1]; i++) if (forest.feature[i] < 0) sum += forest.value[i] * forest.cover[i];
  return sum / forest.cover[root];
}

function treeDepth(forest: FlatForest, t: number): number {
  const from = forest.treeStart[t];
  const depth = new Int32Array(forest.treeStart[t + 1] - from);
  let deepest = 0;
  for (let i = from; i < forest.treeStart[t + 1]; i++) {
    const left = forest.leftChild[i];
    if (left < 0) continue;
    depth[left - from] = depth[left + 1 - from] = depth[i - from] + 1;
    deepest = Math.max(deepest, depth[i - from] + 1);
  }
  return deepest;
}

/**
 * The paths of Algorithm 2 as parallel arrays: the path at recursion depth d starts where its
 * parent's ends, so one buffer of (D + 2)(D + 3)/2 elements serves a whole tree.
 */
class PathStore {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

/**
 * TreeSHAP's RECURSE(j, m, p_z, p_o, p_i). `parent` is the offset of the parent's path and
 * `depth` the length of this node's path once extended; (zero, one, feature) describe the edge
 * just taken: the cover fraction that reaches this node when the feature is unknown, 1 or 0 as
 * x follows the edge or not, and the parent's feature.
 */
function recurse(
  forest: FlatForest,
  x: Float32Array,
  phi: Float64Array,
  p: PathStore,
  node: number,
  parent: number,
  depth: number,
  zeroFraction: number,
  oneFraction: number,
  featureIndex: number,
): void {
  const at = parent + depth + 1;
  p.feature.copyWithin(at, parent, parent + depth);
  p.zero.copyWithin(at, parent, parent + depth);
  p.one.copyWithin(at, parent, parent + depth);
  p.weight.copyWithin(at, parent, parent + depth);
  extend(p, at, depth, zeroFraction, oneFraction, featureIndex);

  const split = forest.feature[node];
  if (split < 0) {
    const value = forest.value[node];
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(p, at, depth, i);
      phi[p.feature[at + i]] += w * (p.one[at + i] - p.zero[at + i]) * value;
    }
    return;
  }

  const left = forest.leftChild[node];
  const v = x[split];
  const goesLeft = v !== v ? forest.defaultLeft[node] === 1 : v <= forest.threshold[node];
  const hot = goesLeft ? left : left + 1;
  const cold = goesLeft ? left + 1 : left;
  const cover = forest.cover[node];
  let incomingZero = 1;
  let incomingOne = 1;
  // A feature met again deeper down: undo its first split so that it is counted once.
  let k = 0;
  while (k <= depth && p.feature[at + k] !== split) k++;
  if (k <= depth) {
    incomingZero = p.zero[at + k];
    incomingOne = p.one[at + k];
    unwind(p, at, depth, k);
    depth--;
  }
  recurse(forest, x, phi, p, hot, at, depth + 1, (forest.cover[hot] / cover) * incomingZero, incomingOne, split);
  recurse(forest, x, phi, p, cold, at, depth + 1, (forest.cover[cold] / cover) * incomingZero, 0, split);
}

/** EXTEND: grows the path by one feature, updating the weights of every subset size. */
function extend(p: PathStore, at: number, depth: number, zeroFraction: number, oneFraction: number, featureIndex: number): void {
  const w = p.weight;
  p.feature[at + depth] = featureIndex;
  p.zero[at + depth] = zeroFraction;
  p.one[at + depth] = oneFraction;
  w[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    w[at + i + 1] += (oneFraction * w[at + i] * (i + 1)) / (depth + 1);
    w[at + i] = (zeroFraction * w[at + i] * (depth - i)) / (depth + 1);
  }
}

/** UNWIND: removes element k from the path, the inverse of EXTEND. */
function unwind(p: PathStore, at: number, depth: number, k: number): void {
  const w = p.weight;
  const one = p.one[at + k];
  const zero = p.zero[at + k];
  let nextOnePortion = w[at + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[at + i];
      w[at + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
      nextOnePortion = tmp - (w[at + i] * zero * (depth - i)) / (depth + 1);
    } else {
      w[at + i] = (w[at + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = k; i < depth; i++) {
    p.feature[at + i] = p.feature[at + i + 1];
    p.zero[at + i] = p.zero[at + i + 1];
    p.one[at + i] = p.one[at + i + 1];
  }
}

/** The total weight the path would have with element k unwound, without changing it. */
function unwoundSum(p: PathStore, at: number, depth: number, k: number): number {
  const w = p.weight;
  const one = p.one[at + k];
  const zero = p.zero[at + k];
  let nextOnePortion = w[at + depth];
  let total = 0;
  if (one !== 0) {
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = nextOnePortion / ((i + 1) * one);
      total += tmp;
      nextOnePortion = w[at + i] - tmp * zero * (depth - i);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) total += w[at + i] / (zero * (depth - i));
  }
  return total * (depth + 1);
}
