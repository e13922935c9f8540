import { BINS_PER_FEATURE as IMPORTED_BINS_PER_FEATURE, MISSING_BIN as IMPORTED_MISSING_BIN, type BinMapper } from './bin-mapper';
import type { FlatForest } from './flat-forest';
import type { GbdtGrowth } from './gbdt-params';

export interface TreeGrowerOptions {
  readonly growth: GbdtGrowth;
  readonly maxLeaves: number;
  /** Infinity for no limit. */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minHessianLeaf: number;
  readonly lambda: number;
  readonly minSplitGain: number;
  readonly learningRate: number;
}

/** A grown tree: its flat form, plus each node's bin threshold for routing binned training rows. */
export interface GrownTree {
  readonly tree: FlatForest;
  readonly binThreshold: Uint8Array;
  readonly leaves: number;
}

// Module-local copies: an imported binding may compile to a getter call inside the hot loops.
const BINS_PER_FEATURE = IMPORTED_BINS_PER_FEATURE;
const MISSING_BIN = IMPORTED_MISSING_BIN;
/** Histogram cells per bin: gradient sum, hessian sum, row count. */
const CELL = 3;
const FEATURE_STRIDE = BINS_PER_FEATURE * CELL;
/** A split's gain must exceed this fraction of its children's scores to count as more than rounding. */
const RELATIVE_GAIN_EPS = 1e-12;

interface Split {
  readonly gain: number;
  readonly feature: number;
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly gl: number;
  readonly hl: number;
  readonly nl: number;
  readonly gr: number;
  readonly hr: number;
  readonly nr: number;
}

interface GrowNode {
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly g: number;
  readonly h: number;
  readonly n: number;
  hist: Float64Array | null;
  split: Split | null;
  left: GrowNode | null;
  right: GrowNode | null;
}

/**
 * Grows one regression tree on gradients and hessians by second-order (Newton) boosting
 * (Chen & Guestrin 2016, eqs. 5–7). A leaf holding rows I gets w* = −G / (H + λ) with
 * G = Σ_I g, H = Σ_I h; splitting it into L and R lowers the regularised loss by
 *   gain = ½ [G_L² / (H_L + λ) + G_R² / (H_R + λ) − G² / (H + λ)].
 * Candidate splits come from per-node histograms of (Σg, Σh, count) over bins (Ke et al. 2017,
 * Alg. 1); only the smaller child's histogram is built, the larger one is the parent's minus
 * it. Missing values form their own bin and are tried on both sides of every threshold; the
 * better side becomes the node's default direction (Chen & Guestrin 2016, Alg. 3). When a node
 * saw no missing values, they default to the child with more rows, as in scikit-learn.
 *
 * The grower owns its row-index and histogram buffers and reuses them from tree to tree.
 */
export class TreeGrower {
  private readonly index: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly histograms: Float64Array[] = [];
  private freeHistograms: Float64Array[] = [];
  private grad: Float64Array = new Float64Array(0);
  private hess: Float64Array = new Float64Array(0);
  private features: Int32Array = new Int32Array(0);
  private allFeatures = true;
  private lastLeaves: readonly { readonly start: number; readonly end: number; readonly value: number }[] = [];

  constructor(
    private readonly binned: Uint8Array,
    private readonly rows: number,
    private readonly cols: number,
    private readonly bins: BinMapper,
    private readonly options: TreeGrowerOptions,
  ) {
    this.index = new Uint32Array(rows);
    this.scratch = new Uint32Array(rows);
  }

  /**
   * A tree fitted to `grad`/`hess` (length `rows`) on the rows in `sample` (sorted, distinct)
   * splitting only on `features` (sorted, distinct).
   */
  grow(grad: Float64Array, hess: Float64Array, sample: Uint32Array, features: Int32Array): GrownTree {
    this.grad = grad;
    this.hess = hess;
    this.features = features;
    this.allFeatures = features.length === this.cols;
    this.freeHistograms = [...this.histograms];
    this.index.set(sample);

    let g = 0;
    let h = 0;
    for (let i = 0; i < sample.length; i++) {
      g += grad[sample[i]];
      h += hess[sample[i]];
    }
    const root = this.node(0, sample.length, 0, g, h, sample.length);
    root.hist = this.acquire();
    this.buildHistogram(root);
    this.evaluate(root);

    const { maxLeaves, growth } = this.options;
    let leaves = 1;
    if (growth === 'leafwise') {
      const open: GrowNode[] = root.split ? [root] : [];
      while (leaves < maxLeaves && open.length > 0) {
        let best = 0;
        for (let i = 1; i < open.length; i++) if (open[i].split!.gain > open[best].split!.gain) best = i;
        const node = open.splice(best, 1)[0];
        this.splitNode(node);
        leaves++;
        for (const child of [node.left!, node.right!]) if (child.split) open.push(child);
      }
    } else {
      let level: GrowNode[] = [root];
      while (leaves < maxLeaves && level.length > 0) {
        const next: GrowNode[] = [];
        const splittable = level.filter((n) => n.split).sort((a, b) => b.split!.gain - a.split!.gain);
        for (const node of splittable) {
          if (leaves >= maxLeaves) break;
          this.splitNode(node);
          leaves++;
          next.push(node.left!, node.right!);
        }
        level = next;
      }
    }
    const flat = this.flatten(root);
    this.lastLeaves = flat.leafNodes;
    return { tree: flat.tree, binThreshold: flat.binThreshold, leaves };
  }

  /**
   * Adds the last grown tree's leaf values to out[r·stride + offset] for the rows it was grown
   * on, from the final row partition: each leaf owns a range of the row index.
   */
  addToSampledRows(out: Float64Array, stride: number, offset: number): void {
    const { index } = this;
    for (const { start, end, value } of this.lastLeaves) for (let i = start; i < end; i++) out[index[i] * stride + offset] += value;
  }

  private node(start: number, end: number, depth: number, g: number, h: number, n: number): GrowNode {
    return { start, end, depth, g, h, n, hist: null, split: null, left: null, right: null };
  }

  private acquire(): Float64Array {
    const free = this.freeHistograms.pop();
    if (free) return free;
    const hist = new Float64Array(this.cols * FEATURE_STRIDE);
    this.histograms.push(hist);
    return hist;
  }

  private release(node: GrowNode): void {
    if (node.hist) this.freeHistograms.push(node.hist);
    node.hist = null;
  }

  private buildHistogram(node: GrowNode): void {
    const hist = node.hist!;
    const { binned, cols, grad, hess, index, features } = this;
    if (this.allFeatures) hist.fill(0);
    else for (let j = 0; j < features.length; j++) hist.fill(0, features[j] * FEATURE_STRIDE, (features[j] + 1) * FEATURE_STRIDE);
    if (this.allFeatures) {
      for (let i = node.start; i < node.end; i++) {
        const r = index[i];
        const gr = grad[r];
        const hr = hess[r];
        const base = r * cols;
        for (let f = 0; f < cols; f++) {
          const o = (f * BINS_PER_FEATURE + binned[base + f]) * CELL;
          hist[o] += gr;
          hist[o + 1] += hr;
          hist[o + 2] += 1;
        }
      }
    } else {
      const nf = features.length;
      for (let i = node.start; i < node.end; i++) {
        const r = index[i];
        const gr = grad[r];
        const hr = hess[r];
        const base = r * cols;
        for (let j = 0; j < nf; j++) {
          const f = features[j];
          const o = (f * BINS_PER_FEATURE + binned[base + f]) * CELL;
          hist[o] += gr;
          hist[o + 1] += hr;
          hist[o + 2] += 1;
        }
      }
    }
  }

  private mayBeSplit(node: GrowNode): boolean {
    const { maxDepth, minSamplesLeaf, minHessianLeaf } = this.options;
    return node.depth < maxDepth && node.n >= 2 * minSamplesLeaf && node.h >= 2 * minHessianLeaf;
  }

  /** Finds the node's best split, or releases its histogram when it must stay a leaf. */
  private evaluate(node: GrowNode): void {
    node.split = this.mayBeSplit(node) ? this.bestSplit(node) : null;
    if (!node.split) this.release(node);
  }

  private bestSplit(node: GrowNode): Split | null {
    const { lambda, minSamplesLeaf, minHessianLeaf, minSplitGain } = this.options;
    const hist = node.hist!;
    const { g, h, n } = node;
    const parentScore = (g * g) / (h + lambda);
    let best: Split | null = null;
    let bestScore = -Infinity; // G_L²/(H_L+λ) + G_R²/(H_R+λ) of `best`
    const consider = (f: number, b: number, gl: number, hl: number, nl: number, defaultLeft: boolean | null) => {
      const gr = g - gl;
      const hr = h - hl;
      const nr = n - nl;
      if (nl < minSamplesLeaf || nr < minSamplesLeaf || hl < minHessianLeaf || hr < minHessianLeaf || !(hl > 0 && hr > 0)) return;
      const score = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda);
      if (score <= bestScore) return;
      bestScore = score;
      best = { gain: 0.5 * (score - parentScore), feature: f, bin: b, defaultLeft: defaultLeft ?? nl >= nr, gl, hl, nl, gr, hr, nr };
    };
    for (let j = 0; j < this.features.length; j++) {
      const f = this.features[j];
      const base = f * FEATURE_STRIDE;
      const valueBins = this.bins.binCount(f);
      const missing = base + MISSING_BIN * CELL;
      const mg = hist[missing];
      const mh = hist[missing + 1];
      const mn = hist[missing + 2];
      // Missing values right; with none at this node, they later follow the larger child. The
      // last threshold (every value left) is the "missing or not" split.
      let gl = 0;
      let hl = 0;
      let nl = 0;
      const lastBin = mn > 0 ? valueBins - 1 : valueBins - 2;
      for (let b = 0; b <= lastBin; b++) {
        const o = base + b * CELL;
        gl += hist[o];
        hl += hist[o + 1];
        nl += hist[o + 2];
        if (hist[o + 2] > 0 || b === lastBin) consider(f, b, gl, hl, nl, mn > 0 ? false : null);
      }
      if (mn === 0) continue;
      // Missing values left.
      gl = mg;
      hl = mh;
      nl = mn;
      for (let b = 0; b < valueBins - 1; b++) {
        const o = base + b * CELL;
        gl += hist[o];
        hl += hist[o + 1];
        nl += hist[o + 2];
        if (hist[o + 2] > 0) consider(f, b, gl, hl, nl, true);
      }
    }
    const found = best as Split | null;
    if (!found || !(found.gain > minSplitGain) || found.gain <= RELATIVE_GAIN_EPS * bestScore) return null;
    return found;
  }

  private splitNode(node: GrowNode): void {
    const split = node.split!;
    const { binned, cols, index, scratch } = this;
    const f = split.feature;
    const bin = split.bin;
    const missingLeft = split.defaultLeft;
    let l = node.start;
    let rn = 0;
    for (let i = node.start; i < node.end; i++) {
      const r = index[i];
      const b = binned[r * cols + f];
      if (b === MISSING_BIN ? missingLeft : b <= bin) index[l++] = r;
      else scratch[rn++] = r;
    }
    index.set(scratch.subarray(0, rn), l);

    const left = this.node(node.start, l, node.depth + 1, split.gl, split.hl, split.nl);
    const right = this.node(l, node.end, node.depth + 1, split.gr, split.hr, split.nr);
    node.left = left;
    node.right = right;
    if (!this.mayBeSplit(left) && !this.mayBeSplit(right)) {
      // Both children stay leaves: their histograms would never be read.
      this.release(node);
      return;
    }
    const [small, large] = left.n <= right.n ? [left, right] : [right, left];
    small.hist = this.acquire();
    this.buildHistogram(small);
    large.hist = node.hist!;
    node.hist = null;
    const parent = large.hist;
    const child = small.hist;
    for (let j = 0; j < this.features.length; j++) {
      const from = this.features[j] * FEATURE_STRIDE;
      for (let o = from; o < from + FEATURE_STRIDE; o++) parent[o] -= child[o];
    }
    this.evaluate(left);
    this.evaluate(right);
  }

  /** Breadth-first layout, so that siblings are adjacent; covers summed bottom-up. */
  private flatten(root: GrowNode): {
    tree: FlatForest;
    binThreshold: Uint8Array;
    leafNodes: { start: number; end: number; value: number }[];
  } {
    const order: GrowNode[] = [root];
    for (let i = 0; i < order.length; i++) {
      const node = order[i];
      if (node.left) order.push(node.left, node.right!);
    }
    const n = order.length;
    const tree = {
      treeStart: Int32Array.of(0, n),
      feature: new Int32Array(n).fill(-1),
      threshold: new Float64Array(n),
      leftChild: new Int32Array(n).fill(-1),
      defaultLeft: new Uint8Array(n),
      value: new Float64Array(n),
      cover: new Float64Array(n),
    };
    const binThreshold = new Uint8Array(n);
    const leafNodes: { start: number; end: number; value: number }[] = [];
    const { lambda, learningRate } = this.options;
    let next = 1;
    for (let i = 0; i < n; i++) {
      const node = order[i];
      if (node.left) {
        const split = node.split!;
        tree.feature[i] = split.feature;
        tree.threshold[i] = this.bins.threshold(split.feature, split.bin);
        tree.defaultLeft[i] = split.defaultLeft ? 1 : 0;
        tree.leftChild[i] = next;
        binThreshold[i] = split.bin;
        next += 2;
      } else {
        const denominator = node.h + lambda;
        tree.value[i] = denominator > 0 ? (-node.g / denominator) * learningRate : 0;
        tree.cover[i] = node.h;
        leafNodes.push({ start: node.start, end: node.end, value: tree.value[i] });
      }
    }
    for (let i = n - 1; i >= 0; i--) if (tree.leftChild[i] >= 0) tree.cover[i] = tree.cover[tree.leftChild[i]] + tree.cover[tree.leftChild[i] + 1];
    return { tree, binThreshold, leafNodes };
  }
}

/** Adds a grown tree's leaf values to out[r·stride + offset] for every binned row r. */
export function accumulateBinned(grown: GrownTree, binned: Uint8Array, rows: number, cols: number, out: Float64Array, stride: number, offset: number): void {
  const { feature, leftChild, defaultLeft, value } = grown.tree;
  const { binThreshold } = grown;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      const b = binned[base + f];
      node = leftChild[node] + (b === MISSING_BIN ? 1 - defaultLeft[node] : b <= binThreshold[node] ? 0 : 1);
      f = feature[node];
    }
    out[r * stride + offset] += value[node];
  }
}
