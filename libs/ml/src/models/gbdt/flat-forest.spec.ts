import { mulberry32, randomNormal } from '../../random/prng';
import { CompiledForest, concatForests, type FlatForest } from './flat-forest';
import { fitGbdt } from './fit-gbdt';

/** The textbook walk, node by node, as the oracle for the compiled one. */
function referenceWalk(forest: FlatForest, x: Float32Array, rows: number, cols: number, outputs: number, start = 0): Float64Array {
  const out = new Float64Array(rows * outputs).fill(start);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t + 1 < forest.treeStart.length; t++) {
      let node = forest.treeStart[t];
      while (forest.feature[node] >= 0) {
        const v = x[r * cols + forest.feature[node]];
        const left = Number.isNaN(v) ? forest.defaultLeft[node] === 1 : v <= forest.threshold[node];
        node = forest.leftChild[node] + (left ? 0 : 1);
      }
      out[r * outputs + (t % outputs)] += forest.value[node];
    }
  }
  return out;
}

/** A tree of nodes given as [feature, threshold, defaultLeft] or a leaf value, laid out breadth-first. */
function tree(nodes: ({ f: number; t: number; dl: 0 | 1 } | number)[], children: number[]): FlatForest {
  const n = nodes.length;
  return {
    treeStart: Int32Array.of(0, n),
    feature: Int32Array.from(nodes, (d) => (typeof d === 'number' ? -1 : d.f)),
    threshold: Float64Array.from(nodes, (d) => (typeof d === 'number' ? 0 : d.t)),
    leftChild: Int32Array.from(children),
    defaultLeft: Uint8Array.from(nodes, (d) => (typeof d === 'number' ? 0 : d.dl)),
    value: Float64Array.from(nodes, (d) => (typeof d === 'number' ? d : 0)),
    cover: new Float64Array(n).fill(1),
  };
}

/** A right-leaning chain of `depth` splits on alternating features: deeper than the heap layout takes. */
function chain(depth: number): FlatForest {
  const nodes: ({ f: number; t: number; dl: 0 | 1 } | number)[] = [];
  const children: number[] = [];
  for (let d = 0; d < depth; d++) {
    nodes.push({ f: d % 3, t: -1 + (2 * d) / depth, dl: (d % 2) as 0 | 1 }, d + 1);
    children.push(2 * d + 1, -1);
  }
  // Node 2d's children are 2d+1 (leaf) and 2d+2 (next split); the last split's right child is a leaf.
  nodes.push(100);
  children.push(-1);
  return tree(nodes, children);
}

describe('CompiledForest', () => {
  const rng = mulberry32(1);
  const cols = 3;
  const rows = 1001;
  const x = Float32Array.from({ length: rows * cols }, () => {
    const u = rng();
    if (u < 0.05) return NaN;
    if (u < 0.07) return Infinity;
    if (u < 0.09) return -Infinity;
    if (u < 0.15) return 0.5; // exactly on a threshold below
    return randomNormal(rng);
  });

  it('matches the node-by-node walk on heap-laid, linked, single-leaf and "missing or not" trees', () => {
    const small = tree(
      [{ f: 0, t: 0.5, dl: 1 }, 1, { f: 1, t: Infinity, dl: 0 }, 2, 3],
      [1, -1, 3, -1, -1],
    );
    const leaf = tree([7], [-1]);
    const forest = concatForests([small, chain(14), leaf, chain(3)]);
    for (const outputs of [1, 2]) {
      const out = new Float64Array(rows * outputs);
      new CompiledForest(forest, cols).accumulate(x, rows, outputs, out);
      expect(out).toEqual(referenceWalk(forest, x, rows, cols, outputs));
    }
  });

  it('matches the node-by-node walk for a trained leaf-wise model whose trees run deeper than 10', () => {
    const n = 3000;
    const r2 = mulberry32(2);
    const xt = Float32Array.from({ length: n * cols }, () => (r2() < 0.1 ? NaN : r2()));
    const y = Float64Array.from({ length: n }, (_, i) => Math.exp(8 * (xt[i * cols] || 0)));
    const model = fitGbdt(xt, n, cols, y, { maxIterations: 20, maxLeaves: 63, minSamplesLeaf: 1 });
    const f = model.forest;
    let deepest = 0;
    const depth = new Int32Array(f.feature.length);
    for (let i = 0; i < f.feature.length; i++)
      if (f.leftChild[i] >= 0) deepest = Math.max(deepest, (depth[f.leftChild[i]] = depth[f.leftChild[i] + 1] = depth[i] + 1));
    expect(deepest).toBeGreaterThan(10);
    expect(model.predictRaw(x, rows)).toEqual(referenceWalk(f, x, rows, cols, 1, model.baseScore[0]));
  });
});
