import { MlArtifactError } from '../errors/ml-input.error';
import { checkIntegerParam, checkNumberParam, readObject } from '../models/linear/fit-summary';
import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { deriveSeed, mulberry32, randomInt, type Rng } from '../random/prng';
import { averagePathLength } from './average-path-length';
import { checkFiniteMatrix, checkQueryMatrix } from './check-matrix';

export interface IsolationForestOptions {
  /** Number of isolation trees t. */
  readonly nTrees?: number;
  /** Subsample size ψ drawn (without replacement) for each tree; capped at the number of rows. */
  readonly maxSamples?: number;
  /**
   * Expected share of anomalies in the training rows, in (0, 0.5]. When given, the model's
   * threshold becomes the (1 − contamination) quantile of the training scores; when absent it is
   * 0.5, the paper's line between "no distinct anomaly" and "anomaly".
   */
  readonly contamination?: number;
  readonly seed?: number;
}

export const DEFAULT_ISOLATION_FOREST_OPTIONS = { nTrees: 100, maxSamples: 256, seed: 42 } as const;

/** Bounds on caller-supplied options. */
export const ISOLATION_FOREST_LIMITS = { maxTrees: 10_000, maxSamples: 1_000_000 } as const;

/** How `predict` separates anomalies: a fixed score, or the top share of the rows being scored. */
export type AnomalyRule = { readonly threshold: number } | { readonly contamination: number };

/**
 * The trees of a forest, flattened. Node indices are global; tree t owns nodes
 * treeStart[t] … treeStart[t + 1] − 1 with its root first. An internal node sends a row with
 * x[feature] < splitValue to leftChild and every other row to leftChild + 1; a leaf has
 * feature −1 and records how many subsample rows reached it.
 */
export interface IsolationForestTrees {
  readonly treeStart: Int32Array;
  readonly feature: Int32Array;
  readonly splitValue: Float64Array;
  readonly leftChild: Int32Array;
  readonly leafSize: Int32Array;
}

export interface IsolationForestJSON {
  readonly version: 1;
  readonly kind: 'isolation-forest';
  readonly cols: number;
  readonly sampleSize: number;
  readonly threshold: number;
  readonly trees: { readonly [K in keyof IsolationForestTrees]: number[] };
}

/**
 * A fitted isolation forest (Liu, Ting & Zhou 2008, "Isolation forest", ICDM). Anomalies are
 * few and different, so random axis-parallel cuts isolate them in fewer steps: the anomaly score
 *
 *   s(x, ψ) = 2^(−E[h(x)] / c(ψ)),
 *
 * where h(x) is the depth at which x reaches a leaf plus c(leaf size) for the subtree the height
 * limit left unbuilt, averaged over the trees. s ∈ (0, 1]: near 1 an anomaly, well below 0.5 a
 * normal row, ≈ 0.5 everywhere when the data hold no distinct anomaly. (scikit-learn's
 * `score_samples` returns −s.) Scoring walks flat typed arrays and needs nothing else.
 */
export class IsolationForest {
  readonly nTrees: number;
  /** c(ψ), the normaliser of E[h(x)]. */
  private readonly normaliser: number;
  /** c(leafSize) per node, so that a walk ends with one lookup. */
  private readonly leafAdjustment: Float64Array;

  constructor(
    readonly cols: number,
    /** ψ: the rows each tree was grown on. */
    readonly sampleSize: number,
    /** Rows scoring above this are anomalies when `predict` is given no rule. */
    readonly threshold: number,
    readonly trees: IsolationForestTrees,
  ) {
    this.nTrees = trees.treeStart.length - 1;
    this.normaliser = averagePathLength(sampleSize);
    this.leafAdjustment = Float64Array.from(trees.leafSize, (size, node) => (trees.feature[node] < 0 ? averagePathLength(size) : 0));
  }

  /** E[h(x)] for each row: the mean over the trees of the path length, leaf adjustment included. */
  pathLengths(x: RowMajorMatrix): Float64Array {
    checkQueryMatrix('IsolationForest', x, this.cols);
    const { data, rows } = x;
    const d = this.cols;
    const { treeStart, feature, splitValue, leftChild } = this.trees;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const base = r * d;
      let total = 0;
      for (let t = 0; t < this.nTrees; t++) {
        let node = treeStart[t];
        let depth = 0;
        while (feature[node] >= 0) {
          node = data[base + feature[node]] < splitValue[node] ? leftChild[node] : leftChild[node] + 1;
          depth++;
        }
        total += depth + this.leafAdjustment[node];
      }
      out[r] = total / this.nTrees;
    }
    return out;
  }

  /** Anomaly score s(x) = 2^(−E[h(x)]/c(ψ)) ∈ (0, 1] for each row; higher is more anomalous. */
  scoreSamples(x: RowMajorMatrix): Float64Array {
    const h = this.pathLengths(x);
    for (let i = 0; i < h.length; i++) h[i] = 2 ** (-h[i] / this.normaliser);
    return h;
  }

  /**
   * 1 for an anomaly, 0 for an inlier: s(x) > threshold — the model's own unless `rule` gives
   * one. `{ contamination: c }` instead flags the rows scoring above the (1 − c) quantile of
   * this batch's scores (linear interpolation, about c · rows of them), for ranking a batch
   * rather than applying a fixed line.
   */
  predict(x: RowMajorMatrix, rule?: AnomalyRule): Uint8Array {
    const scores = this.scoreSamples(x);
    let threshold = this.threshold;
    if (rule && 'threshold' in rule) {
      if (!Number.isFinite(rule.threshold)) throw new RangeError('IsolationForest.predict: threshold must be finite');
      threshold = rule.threshold;
    } else if (rule) {
      threshold = contaminationThreshold(scores, checkContamination(rule.contamination));
    }
    return Uint8Array.from(scores, (s) => (s > threshold ? 1 : 0));
  }

  toJSON(): IsolationForestJSON {
    const t = this.trees;
    return {
      version: 1,
      kind: 'isolation-forest',
      cols: this.cols,
      sampleSize: this.sampleSize,
      threshold: this.threshold,
      trees: {
        treeStart: Array.from(t.treeStart),
        feature: Array.from(t.feature),
        splitValue: Array.from(t.splitValue),
        leftChild: Array.from(t.leftChild),
        leafSize: Array.from(t.leafSize),
      },
    };
  }

  /** Inverse of `toJSON`; throws MlArtifactError on anything else, including trees a walk could not leave. */
  static fromJSON(json: unknown): IsolationForest {
    const o = readObject(json, 'isolation-forest');
    const fail = (why: string): never => {
      throw new MlArtifactError(`isolation-forest: ${why}`);
    };
    const cols = o.cols as number;
    const sampleSize = o.sampleSize as number;
    const threshold = o.threshold as number;
    if (!Number.isInteger(cols) || cols < 1) fail('cols must be a positive integer');
    if (!Number.isInteger(sampleSize) || sampleSize < 2) fail('sampleSize must be an integer ≥ 2');
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) fail('threshold must be a finite number');
    const t = (o.trees ?? fail('missing trees')) as Record<string, unknown>;
    const ints = (key: string): Int32Array => {
      const v = t[key];
      if (!Array.isArray(v) || !v.every((e) => Number.isInteger(e) && Math.abs(e) < 2 ** 31)) fail(`trees.${key} must be an array of integers`);
      return Int32Array.from(v as number[]);
    };
    const treeStart = ints('treeStart');
    const feature = ints('feature');
    const leftChild = ints('leftChild');
    const leafSize = ints('leafSize');
    const split = t.splitValue;
    if (!Array.isArray(split) || !split.every((e) => typeof e === 'number' && Number.isFinite(e))) fail('trees.splitValue must be finite numbers');
    const splitValue = Float64Array.from(split as number[]);
    const nodes = feature.length;
    if ([leftChild, leafSize, splitValue].some((a) => a.length !== nodes)) fail('node arrays differ in length');
    const nTrees = treeStart.length - 1;
    if (nTrees < 1 || treeStart[0] !== 0 || treeStart[nTrees] !== nodes) fail('treeStart must run from 0 to the node count');
    for (let tree = 0; tree < nTrees; tree++) {
      const end = treeStart[tree + 1];
      if (end <= treeStart[tree]) fail(`tree ${tree} is empty`);
      for (let node = treeStart[tree]; node < end; node++) {
        if (feature[node] >= cols || feature[node] < -1) fail(`node ${node} splits on a missing column`);
        if (feature[node] >= 0 && !(leftChild[node] > node && leftChild[node] + 1 < end)) fail(`node ${node} has children outside its tree`);
        if (feature[node] < 0 && !(leafSize[node] >= 0 && leafSize[node] <= sampleSize)) fail(`leaf ${node} has an impossible size`);
      }
    }
    return new IsolationForest(cols, sampleSize, threshold, { treeStart, feature, splitValue, leftChild, leafSize });
  }
}

/**
 * Grows an isolation forest (Liu, Ting & Zhou 2008, Algorithms 1–2): each of nTrees trees is grown
 * on ψ = min(maxSamples, rows) rows drawn without replacement, splitting at a uniformly drawn
 * value between the node's minimum and maximum of a uniformly drawn column, until a node holds
 * one row, or only identical rows, or reaches the height limit ⌈log₂ ψ⌉ (the average depth of a
 * balanced tree: deeper cuts only separate normal rows from each other).
 *
 * A column constant within a node cannot split it, so the column is drawn among the node's
 * non-constant ones (scikit-learn's extra-tree splitter skips constant features too). Tree t
 * draws from a generator seeded by (seed, t), so adding trees leaves the first ones unchanged.
 * O(nTrees · ψ · log ψ · cols) time; memory O(nTrees · ψ) nodes.
 */
export function fitIsolationForest(x: RowMajorMatrix, options: IsolationForestOptions = {}): IsolationForest {
  const nTrees = checkIntegerParam('nTrees', options.nTrees ?? DEFAULT_ISOLATION_FOREST_OPTIONS.nTrees, 1, ISOLATION_FOREST_LIMITS.maxTrees);
  const maxSamples = checkIntegerParam('maxSamples', options.maxSamples ?? DEFAULT_ISOLATION_FOREST_OPTIONS.maxSamples, 2, ISOLATION_FOREST_LIMITS.maxSamples);
  const contamination = options.contamination === undefined ? undefined : checkNumberParam('contamination', options.contamination, Number.MIN_VALUE, 0.5);
  const seed = checkIntegerParam('seed', options.seed ?? DEFAULT_ISOLATION_FOREST_OPTIONS.seed, -(2 ** 53), 2 ** 53);
  checkFiniteMatrix('fitIsolationForest', x, 2);

  const psi = Math.min(maxSamples, x.rows);
  const heightLimit = Math.ceil(Math.log2(psi));
  const nodes = new NodeBuffer(nTrees * (2 * psi - 1));
  const treeStart = new Int32Array(nTrees + 1);
  const pool = new Uint32Array(x.rows);
  for (let t = 0; t < nTrees; t++) {
    treeStart[t] = nodes.length;
    const rng = mulberry32(deriveSeed(seed, `isolation-tree-${t}`));
    for (let i = 0; i < x.rows; i++) pool[i] = i;
    // Partial Fisher–Yates: the first ψ entries become a uniform sample without replacement.
    for (let i = 0; i < psi; i++) {
      const j = i + randomInt(rng, x.rows - i);
      const tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
    }
    growTree(x, pool.slice(0, psi), heightLimit, rng, nodes);
  }
  treeStart[nTrees] = nodes.length;
  const trees = nodes.finish(treeStart);
  const fitted = new IsolationForest(x.cols, psi, 0.5, trees);
  if (contamination === undefined) return fitted;
  const threshold = contaminationThreshold(fitted.scoreSamples(x), contamination);
  return new IsolationForest(x.cols, psi, threshold, trees);
}

/** Grows one iTree over `sample` (row indices, reordered in place), appending its nodes root first. */
function growTree(x: RowMajorMatrix, sample: Uint32Array, heightLimit: number, rng: Rng, nodes: NodeBuffer): void {
  const { data, cols: d } = x;
  const low = new Float64Array(d);
  const high = new Float64Array(d);
  const candidates = new Int32Array(d);
  // Each pending node covers sample[from, to) at a known depth.
  const stack: { node: number; from: number; to: number; depth: number }[] = [{ node: nodes.add(), from: 0, to: sample.length, depth: 0 }];
  while (stack.length > 0) {
    const { node, from, to, depth } = stack.pop()!;
    const size = to - from;
    let nCandidates = 0;
    if (depth < heightLimit && size > 1) {
      low.fill(Infinity);
      high.fill(-Infinity);
      for (let s = from; s < to; s++) {
        const base = sample[s] * d;
        for (let f = 0; f < d; f++) {
          const v = data[base + f];
          if (v < low[f]) low[f] = v;
          if (v > high[f]) high[f] = v;
        }
      }
      for (let f = 0; f < d; f++) if (high[f] > low[f]) candidates[nCandidates++] = f;
    }
    if (nCandidates === 0) {
      nodes.setLeaf(node, size);
      continue;
    }
    const f = candidates[randomInt(rng, nCandidates)];
    const split = low[f] + rng() * (high[f] - low[f]);
    let mid = from;
    for (let s = from; s < to; s++) {
      if (data[sample[s] * d + f] < split) {
        const tmp = sample[s];
        sample[s] = sample[mid];
        sample[mid] = tmp;
        mid++;
      }
    }
    const left = nodes.add();
    nodes.add();
    nodes.setSplit(node, f, split, left);
    // Right pushed first so the left subtree is grown (and draws its numbers) first.
    stack.push({ node: left + 1, from: mid, to, depth: depth + 1 }, { node: left, from, to: mid, depth: depth + 1 });
  }
}

class NodeBuffer {
  private feature: Int32Array;
  private splitValue: Float64Array;
  private leftChild: Int32Array;
  private leafSize: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.feature = new Int32Array(capacity);
    this.splitValue = new Float64Array(capacity);
    this.leftChild = new Int32Array(capacity);
    this.leafSize = new Int32Array(capacity);
  }

  add(): number {
    return this.length++;
  }

  setLeaf(node: number, size: number): void {
    this.feature[node] = -1;
    this.leftChild[node] = -1;
    this.leafSize[node] = size;
  }

  setSplit(node: number, feature: number, value: number, left: number): void {
    this.feature[node] = feature;
    this.splitValue[node] = value;
    this.leftChild[node] = left;
  }

  finish(treeStart: Int32Array): IsolationForestTrees {
    const n = this.length;
    return {
      treeStart,
      feature: this.feature.slice(0, n),
      splitValue: this.splitValue.slice(0, n),
      leftChild: this.leftChild.slice(0, n),
      leafSize: this.leafSize.slice(0, n),
    };
  }
}

function checkContamination(c: number): number {
  if (!(typeof c === 'number' && c > 0 && c <= 0.5)) throw new RangeError(`contamination must be in (0, 0.5], got ${c}`);
  return c;
}

/** The (1 − c) quantile of `scores`, interpolating linearly between order statistics (NumPy's default percentile). */
function contaminationThreshold(scores: Float64Array, c: number): number {
  if (scores.length === 0) return Infinity;
  const sorted = Float64Array.from(scores).sort();
  const position = (1 - c) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}
