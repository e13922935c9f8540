/**
 * Trees flattened into parallel typed arrays, one slot per node, trees stored one after the
 * other. A node sends x left when x[feature] ≤ threshold, right when it is greater, and by
 * `defaultLeft` when it is missing (NaN). The right child always sits just after the left
 * child, so a step is `node = leftChild[node] + goesRight`. Prediction touches no per-node
 * objects; a forest of a few hundred trees fits in the L2 cache.
 */
export interface FlatForest {
  /** Node offset of each tree, plus the total node count: tree t owns [treeStart[t], treeStart[t + 1]). */
  readonly treeStart: Int32Array;
  /** Feature tested at an internal node; −1 marks a leaf. */
  readonly feature: Int32Array;
  /** Raw-value threshold (+∞ for "missing or not" splits). */
  readonly threshold: Float64Array;
  /** Index of the left child (right = left + 1); −1 at leaves. */
  readonly leftChild: Int32Array;
  /** 1 when missing values go left. */
  readonly defaultLeft: Uint8Array;
  /** Leaf value with the learning rate applied; 0 at internal nodes. */
  readonly value: Float64Array;
  /**
   * Sum of training hessians under the node (the row count for squared error), with an
   * internal node's cover exactly the sum of its children's. TreeSHAP weighs paths by it.
   */
  readonly cover: Float64Array;
}

export function treeCount(forest: FlatForest): number {
  return forest.treeStart.length - 1;
}

/** One forest holding the trees of `parts` in order, child indices shifted to their new place. */
export function concatForests(parts: readonly FlatForest[]): FlatForest {
  let nodes = 0;
  let trees = 0;
  for (const p of parts) {
    nodes += p.feature.length;
    trees += treeCount(p);
  }
  const out = {
    treeStart: new Int32Array(trees + 1),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    leftChild: new Int32Array(nodes),
    defaultLeft: new Uint8Array(nodes),
    value: new Float64Array(nodes),
    cover: new Float64Array(nodes),
  };
  let nodeOffset = 0;
  let treeOffset = 0;
  for (const p of parts) {
    const n = p.feature.length;
    for (let t = 0; t < treeCount(p); t++) out.treeStart[treeOffset + t] = p.treeStart[t] + nodeOffset;
    out.feature.set(p.feature, nodeOffset);
    out.threshold.set(p.threshold, nodeOffset);
    out.defaultLeft.set(p.defaultLeft, nodeOffset);
    out.value.set(p.value, nodeOffset);
    out.cover.set(p.cover, nodeOffset);
    for (let i = 0; i < n; i++) out.leftChild[nodeOffset + i] = p.leftChild[i] < 0 ? -1 : p.leftChild[i] + nodeOffset;
    nodeOffset += n;
    treeOffset += treeCount(p);
  }
  out.treeStart[trees] = nodes;
  return out;
}

/** Rows per block: a block's inputs stay in L1 while every tree walks them. */
const ROW_BLOCK = 256;
/** Trees up to this depth are stored as complete binary trees; deeper ones keep child links. */
const MAX_HEAP_DEPTH = 10;

/**
 * A forest rearranged for fast batch prediction. Every step down a tree is
 * `node = child + (v > threshold[node])`, which compiles without a branch (mispredicted
 * branches would cost more than the comparisons), and four rows walk a tree together so that
 * their dependent loads overlap. Each tree is walked exactly its depth in steps, with no leaf
 * test:
 *  - a tree of depth D ≤ 10 is laid out as a complete binary tree in heap order (children of
 *    i at 2i + 1 and 2i + 2, so no child index is loaded); a leaf above depth D becomes a chain
 *    of always-left nodes (threshold +∞) down to a copy of its value at depth D;
 *  - a deeper tree keeps its child links, and its leaves link to themselves with threshold +∞.
 *
 * Missing values take no test of their own: each block of rows is copied to a float64 scratch
 * twice, NaN written as −∞ in the first copy and +∞ in the second; a node whose missing values
 * go left reads the first copy, one whose missing values go right the second. For that to hold
 * at a threshold of +∞ (a "missing or not" split), such thresholds become the largest double and
 * an input of +∞ is written as the largest double too: it still compares above every finite
 * threshold and not above the replaced one, as the raw +∞ did.
 */
export class CompiledForest {
  private readonly trees: number;
  private readonly depth: Int32Array;
  /** Per tree: first node in the heap arrays, or −1 for a linked tree. */
  private readonly heapStart: Int32Array;
  /** Per heap tree: first leaf in `heapLeaf`. */
  private readonly heapLeafStart: Int32Array;
  private readonly heapSlot: Int32Array;
  private readonly heapThreshold: Float64Array;
  private readonly heapLeaf: Float64Array;
  /** Linked trees, indexed like the source forest. */
  private readonly root: Int32Array;
  private readonly slot: Int32Array;
  private readonly threshold: Float64Array;
  private readonly next: Int32Array;
  private readonly value: Float64Array;
  private scratch: Float64Array | null = null;

  constructor(
    forest: FlatForest,
    private readonly cols: number,
  ) {
    const n = forest.feature.length;
    const trees = treeCount(forest);
    this.trees = trees;
    this.root = forest.treeStart.slice(0, trees);
    this.depth = new Int32Array(trees);
    this.heapStart = new Int32Array(trees).fill(-1);
    this.heapLeafStart = new Int32Array(trees);
    this.slot = new Int32Array(n);
    this.threshold = new Float64Array(n);
    this.next = new Int32Array(n);
    this.value = forest.value;
    const slotOf = (i: number) => forest.feature[i] + (forest.defaultLeft[i] ? 0 : cols);
    const thresholdOf = (i: number) => (forest.threshold[i] === Infinity ? Number.MAX_VALUE : forest.threshold[i]);

    const nodeDepth = new Int32Array(n);
    let heapNodes = 0;
    let heapLeaves = 0;
    for (let t = 0; t < trees; t++) {
      let deepest = 0;
      for (let i = forest.treeStart[t]; i < forest.treeStart[t + 1]; i++) {
        const left = forest.leftChild[i];
        if (left < 0) continue;
        nodeDepth[left] = nodeDepth[left + 1] = nodeDepth[i] + 1;
        deepest = Math.max(deepest, nodeDepth[i] + 1);
      }
      this.depth[t] = deepest;
      if (deepest <= MAX_HEAP_DEPTH) {
        this.heapStart[t] = heapNodes;
        this.heapLeafStart[t] = heapLeaves;
        heapNodes += (1 << deepest) - 1;
        heapLeaves += 1 << deepest;
      }
    }

    this.heapSlot = new Int32Array(heapNodes);
    this.heapThreshold = new Float64Array(heapNodes);
    this.heapLeaf = new Float64Array(heapLeaves);
    for (let t = 0; t < trees; t++) {
      if (this.heapStart[t] < 0) continue;
      const d = this.depth[t];
      const internal = (1 << d) - 1;
      const base = this.heapStart[t];
      const leafBase = this.heapLeafStart[t];
      // (source node, heap position, depth), depth-first.
      const stack: number[] = [forest.treeStart[t], 0, 0];
      while (stack.length > 0) {
        const depth = stack.pop()!;
        const h = stack.pop()!;
        const node = stack.pop()!;
        if (depth === d) {
          this.heapLeaf[leafBase + h - internal] = forest.value[node];
        } else if (forest.feature[node] < 0) {
          this.heapThreshold[base + h] = Infinity;
          stack.push(node, 2 * h + 1, depth + 1, node, 2 * h + 2, depth + 1);
        } else {
          this.heapSlot[base + h] = slotOf(node);
          this.heapThreshold[base + h] = thresholdOf(node);
          stack.push(forest.leftChild[node], 2 * h + 1, depth + 1, forest.leftChild[node] + 1, 2 * h + 2, depth + 1);
        }
      }
    }
    for (let i = 0; i < n; i++) {
      if (forest.feature[i] < 0) {
        this.threshold[i] = Infinity;
        this.next[i] = i;
      } else {
        this.slot[i] = slotOf(i);
        this.threshold[i] = thresholdOf(i);
        this.next[i] = forest.leftChild[i];
      }
    }
  }

  /**
   * Adds tree t's leaf value to `out[r·outputs + (t + classShift) mod outputs]` for every row r
   * of the row-major `rows × cols` matrix x. A multiclass model stores its trees round by round,
   * class by class, so tree t belongs to class t mod outputs.
   */
  accumulate(x: Float32Array, rows: number, outputs: number, out: Float64Array, classShift = 0): void {
    const cols = this.cols;
    const stride = 2 * cols;
    const scratch = (this.scratch ??= new Float64Array(ROW_BLOCK * stride));
    for (let r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
      const r1 = Math.min(rows, r0 + ROW_BLOCK);
      for (let r = r0; r < r1; r++) {
        const s = (r - r0) * stride;
        const xo = r * cols;
        for (let c = 0; c < cols; c++) {
          const v = x[xo + c];
          if (v !== v) {
            scratch[s + c] = -Infinity;
            scratch[s + cols + c] = Infinity;
          } else {
            const finite = v === Infinity ? Number.MAX_VALUE : v;
            scratch[s + c] = finite;
            scratch[s + cols + c] = finite;
          }
        }
      }
      for (let t = 0; t < this.trees; t++) {
        const k = (t + classShift) % outputs;
        if (this.heapStart[t] >= 0) this.walkHeap(t, scratch, r0, r1, stride, outputs, k, out);
        else this.walkLinked(t, scratch, r0, r1, stride, outputs, k, out);
      }
    }
  }

  private walkHeap(t: number, scratch: Float64Array, r0: number, r1: number, stride: number, outputs: number, k: number, out: Float64Array): void {
    const { heapSlot: slot, heapThreshold: threshold, heapLeaf: leaf } = this;
    const steps = this.depth[t];
    const base = this.heapStart[t];
    const leafBase = this.heapLeafStart[t] - ((1 << steps) - 1);
    let r = r0;
    for (; r + 4 <= r1; r += 4) {
      const s0 = (r - r0) * stride;
      const s1 = s0 + stride;
      const s2 = s1 + stride;
      const s3 = s2 + stride;
      let a = 0;
      let b = 0;
      let c = 0;
      let d = 0;
      for (let step = 0; step < steps; step++) {
        a = 2 * a + 1 + +(scratch[s0 + slot[base + a]] > threshold[base + a]);
        b = 2 * b + 1 + +(scratch[s1 + slot[base + b]] > threshold[base + b]);
        c = 2 * c + 1 + +(scratch[s2 + slot[base + c]] > threshold[base + c]);
        d = 2 * d + 1 + +(scratch[s3 + slot[base + d]] > threshold[base + d]);
      }
      out[r * outputs + k] += leaf[leafBase + a];
      out[(r + 1) * outputs + k] += leaf[leafBase + b];
      out[(r + 2) * outputs + k] += leaf[leafBase + c];
      out[(r + 3) * outputs + k] += leaf[leafBase + d];
    }
    for (; r < r1; r++) {
      const s0 = (r - r0) * stride;
      let a = 0;
      for (let step = 0; step < steps; step++) a = 2 * a + 1 + +(scratch[s0 + slot[base + a]] > threshold[base + a]);
      out[r * outputs + k] += leaf[leafBase + a];
    }
  }

  private walkLinked(t: number, scratch: Float64Array, r0: number, r1: number, stride: number, outputs: number, k: number, out: Float64Array): void {
    const { slot, threshold, next, value } = this;
    const steps = this.depth[t];
    const root = this.root[t];
    let r = r0;
    for (; r + 4 <= r1; r += 4) {
      const s0 = (r - r0) * stride;
      const s1 = s0 + stride;
      const s2 = s1 + stride;
      const s3 = s2 + stride;
      let a = root;
      let b = root;
      let c = root;
      let d = root;
      for (let step = 0; step < steps; step++) {
        a = next[a] + +(scratch[s0 + slot[a]] > threshold[a]);
        b = next[b] + +(scratch[s1 + slot[b]] > threshold[b]);
        c = next[c] + +(scratch[s2 + slot[c]] > threshold[c]);
        d = next[d] + +(scratch[s3 + slot[d]] > threshold[d]);
      }
      out[r * outputs + k] += value[a];
      out[(r + 1) * outputs + k] += value[b];
      out[(r + 2) * outputs + k] += value[c];
      out[(r + 3) * outputs + k] += value[d];
    }
    for (; r < r1; r++) {
      const s0 = (r - r0) * stride;
      let a = root;
      for (let step = 0; step < steps; step++) a = next[a] + +(scratch[s0 + slot[a]] > threshold[a]);
      out[r * outputs + k] += value[a];
    }
  }
}
