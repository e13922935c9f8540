import { MlArtifactError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { rocAuc } from '../metrics/classification/roc-auc';
import { mulberry32, randomNormal } from '../random/prng';
import { averagePathLength, EULER_GAMMA } from './average-path-length';
import { fitIsolationForest, IsolationForest } from './isolation-forest';

/** `inliers` standard-normal rows in `d` dimensions, then `anomalies` rows uniform on a shell of radius 5–7. */
function contaminated(inliers: number, anomalies: number, d: number, seed: number) {
  const rng = mulberry32(seed);
  const data = new Float64Array((inliers + anomalies) * d);
  const isAnomaly = new Uint8Array(inliers + anomalies);
  for (let i = 0; i < inliers * d; i++) data[i] = randomNormal(rng);
  for (let a = 0; a < anomalies; a++) {
    const r = inliers + a;
    const direction = Array.from({ length: d }, () => randomNormal(rng));
    const norm = Math.hypot(...direction);
    const radius = 5 + 2 * rng();
    direction.forEach((v, f) => (data[r * d + f] = (radius * v) / norm));
    isAnomaly[r] = 1;
  }
  return { x: { data, rows: inliers + anomalies, cols: d }, isAnomaly };
}

describe('averagePathLength c(n)', () => {
  it('matches hand-computed values', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1); // 2H(1) − 2·1/2 = 2 − 1, exactly
    // c(3) = 2(ln 2 + γ) − 4/3 = 2(0.693147 + 0.577216) − 1.333333 = 1.207392
    expect(averagePathLength(3)).toBeCloseTo(1.207392, 6);
    // c(256) = 2(ln 255 + γ) − 510/256 = 2(5.541264 + 0.577216) − 1.992188 = 10.244771
    expect(averagePathLength(256)).toBeCloseTo(10.244771, 6);
    expect(EULER_GAMMA).toBeCloseTo(0.5772156649, 10);
  });

  it('approaches the exact 2H(n − 1) − 2(n − 1)/n as n grows (error of ln i + γ for H(i) is about 1/(2i))', () => {
    for (const n of [10, 100, 1000, 10_000]) {
      let h = 0;
      for (let i = 1; i < n; i++) h += 1 / i;
      const exact = 2 * h - (2 * (n - 1)) / n;
      expect(Math.abs(exact - averagePathLength(n))).toBeLessThan(1.01 / (n - 1));
    }
  });
});

describe('fitIsolationForest', () => {
  it('scores every row 0.5 with ψ = 2: one cut isolates both rows, E[h] = 1 = c(2)', () => {
    const forest = fitIsolationForest({ data: Float64Array.from([0, 10]), rows: 2, cols: 1 }, { nTrees: 7 });
    const x = { data: Float64Array.from([0, 3, 10, -50]), rows: 4, cols: 1 };
    expect(Array.from(forest.pathLengths(x))).toEqual([1, 1, 1, 1]);
    expect(Array.from(forest.scoreSamples(x))).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('scores every row 0.5 when all training rows coincide: nothing can be cut, E[h] = c(ψ)', () => {
    const forest = fitIsolationForest({ data: new Float64Array(300).fill(2), rows: 100, cols: 3 }, { maxSamples: 64 });
    expect(forest.trees.feature.every((f) => f === -1)).toBe(true);
    const s = forest.scoreSamples({ data: Float64Array.from([2, 2, 2, 9, 9, 9]), rows: 2, cols: 3 });
    expect(s[0]).toBeCloseTo(0.5, 12); // 100 trees summed: rounding only
    expect(s[1]).toBeCloseTo(0.5, 12);
  });

  it('grows trees no deeper than ⌈log₂ ψ⌉ on subsamples of ψ rows', () => {
    const { x } = contaminated(1000, 0, 3, 1);
    const forest = fitIsolationForest(x, { nTrees: 5, maxSamples: 100 });
    expect(forest.sampleSize).toBe(100);
    const { treeStart, feature, leftChild, leafSize } = forest.trees;
    for (let t = 0; t < 5; t++) {
      let rowsInLeaves = 0;
      const depth = new Map<number, number>([[treeStart[t], 0]]);
      for (let node = treeStart[t]; node < treeStart[t + 1]; node++) {
        if (feature[node] < 0) rowsInLeaves += leafSize[node];
        else [0, 1].forEach((side) => depth.set(leftChild[node] + side, depth.get(node)! + 1));
      }
      expect(rowsInLeaves).toBe(100);
      expect(Math.max(...depth.values())).toBeLessThanOrEqual(7);
    }
  });

  it('gives injected anomalies higher scores than inliers (ROC AUC > 0.9)', () => {
    const { x, isAnomaly } = contaminated(2000, 60, 4, 17);
    const t0 = Date.now();
    const forest = fitIsolationForest(x, { seed: 3 });
    const fitMs = Date.now() - t0;
    const scores = forest.scoreSamples(x);
    const auc = rocAuc(isAnomaly, scores);
    const mean = (flag: number) => scores.reduce((s, v, i) => (isAnomaly[i] === flag ? s + v : s), 0) / isAnomaly.filter((a) => a === flag).length;
    console.log(
      `isolation forest (2060 rows × 4, 100 trees, ψ 256, fit ${fitMs} ms): ROC AUC ${auc.toFixed(4)}, ` +
        `mean score anomalies ${mean(1).toFixed(3)} vs inliers ${mean(0).toFixed(3)}, score range [${Math.min(...scores).toFixed(3)}, ${Math.max(...scores).toFixed(3)}]`,
    );
    expect(auc).toBeGreaterThan(0.9);
    expect(mean(1)).toBeGreaterThan(0.6);
    expect(mean(0)).toBeLessThan(0.5);
    expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
  });

  it('predicts by the fitted contamination, a threshold, or a batch contamination', () => {
    const { x, isAnomaly } = contaminated(950, 50, 3, 23);
    const forest = fitIsolationForest(x, { contamination: 0.05, seed: 1 });
    const flagged = forest.predict(x);
    const count = flagged.reduce((s, v) => s + v, 0);
    const caught = flagged.reduce((s, v, i) => s + (v & isAnomaly[i]), 0);
    console.log(`contamination 0.05: threshold ${forest.threshold.toFixed(4)}, ${count} rows flagged, ${caught} of 50 anomalies among them`);
    expect(Math.abs(count - 50)).toBeLessThanOrEqual(1);
    expect(caught).toBeGreaterThanOrEqual(40);
    const scores = forest.scoreSamples(x);
    expect(forest.predict(x, { threshold: 0.6 })).toEqual(Uint8Array.from(scores, (s) => (s > 0.6 ? 1 : 0)));
    const batch = forest.predict({ data: x.data.subarray(0, 200 * 3), rows: 200, cols: 3 }, { contamination: 0.1 });
    expect(Math.abs(batch.reduce((s, v) => s + v, 0) - 20)).toBeLessThanOrEqual(1);
    expect(fitIsolationForest(x, { seed: 1 }).threshold).toBe(0.5);
  });

  it('is deterministic under a seed, and tree t does not depend on nTrees', () => {
    const { x } = contaminated(500, 10, 2, 5);
    const a = fitIsolationForest(x, { nTrees: 20, seed: 8 });
    expect(fitIsolationForest(x, { nTrees: 20, seed: 8 }).toJSON()).toEqual(a.toJSON());
    expect(fitIsolationForest(x, { nTrees: 20, seed: 9 }).toJSON()).not.toEqual(a.toJSON());
    const ten = fitIsolationForest(x, { nTrees: 10, seed: 8 });
    const prefix = a.trees.treeStart[10];
    expect(Array.from(ten.trees.splitValue)).toEqual(Array.from(a.trees.splitValue.subarray(0, prefix)));
    expect(Array.from(ten.trees.feature)).toEqual(Array.from(a.trees.feature.subarray(0, prefix)));
  });

  it('scores Float32Array and Float64Array rows of the same values identically', () => {
    const { x } = contaminated(300, 10, 3, 6);
    const x32 = { data: Float32Array.from(x.data), rows: x.rows, cols: x.cols };
    const x64 = { data: Float64Array.from(x32.data), rows: x.rows, cols: x.cols };
    const forest = fitIsolationForest(x32, { nTrees: 30 });
    expect(forest.scoreSamples(x32)).toEqual(forest.scoreSamples(x64));
    expect(fitIsolationForest(x64, { nTrees: 30 }).toJSON()).toEqual(forest.toJSON());
  });

  it('refuses bad options and rows', () => {
    const { x } = contaminated(50, 0, 2, 2);
    const field = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof MlInputError) return `${e.code} ${e.field}`;
        throw e;
      }
      return 'no error';
    };
    expect(field(() => fitIsolationForest(x, { nTrees: 0 }))).toBe(`${MlInputErrorCode.InvalidParameter} params.nTrees`);
    expect(field(() => fitIsolationForest(x, { maxSamples: 1 }))).toBe(`${MlInputErrorCode.InvalidParameter} params.maxSamples`);
    expect(field(() => fitIsolationForest(x, { contamination: 0.6 }))).toBe(`${MlInputErrorCode.InvalidParameter} params.contamination`);
    expect(field(() => fitIsolationForest({ data: Float64Array.from([1, 2]), rows: 1, cols: 2 }))).toBe(`${MlInputErrorCode.TooFewRows} x`);
    expect(() => fitIsolationForest({ data: Float64Array.from([1, NaN, 2, 3]), rows: 2, cols: 2 })).toThrow(RangeError);
    const forest = fitIsolationForest(x, { nTrees: 3 });
    expect(() => forest.scoreSamples({ data: new Float64Array(3), rows: 1, cols: 3 })).toThrow(RangeError);
    expect(() => forest.predict(x, { contamination: 0 })).toThrow(RangeError);
  });
});

describe('IsolationForest JSON', () => {
  it('round-trips through JSON text with identical scores and threshold', () => {
    const { x } = contaminated(400, 20, 3, 12);
    const forest = fitIsolationForest(x, { nTrees: 25, contamination: 0.05 });
    const back = IsolationForest.fromJSON(JSON.parse(JSON.stringify(forest)));
    expect(back.toJSON()).toEqual(forest.toJSON());
    expect(back.scoreSamples(x)).toEqual(forest.scoreSamples(x));
    expect(back.predict(x)).toEqual(forest.predict(x));
  });

  it('refuses anything else, including a child pointer that would loop', () => {
    const { x } = contaminated(100, 0, 2, 13);
    const good = fitIsolationForest(x, { nTrees: 2, maxSamples: 16 }).toJSON();
    const root = good.trees.treeStart[0];
    const loop = { ...good, trees: { ...good.trees, leftChild: good.trees.leftChild.map((c, i) => (i === root ? root : c)) } };
    expect(() => IsolationForest.fromJSON(loop)).toThrow(MlArtifactError);
    expect(() => IsolationForest.fromJSON({ ...good, version: 2 })).toThrow(MlArtifactError);
    expect(() => IsolationForest.fromJSON({ ...good, cols: 1 })).toThrow(MlArtifactError); // a split on column 1 no longer exists
    expect(() => IsolationForest.fromJSON({ ...good, trees: { ...good.trees, splitValue: good.trees.splitValue.slice(1) } })).toThrow(MlArtifactError);
    expect(() => IsolationForest.fromJSON({ ...good, sampleSize: 1 })).toThrow(MlArtifactError);
    expect(() => IsolationForest.fromJSON('forest')).toThrow(MlArtifactError);
  });
});
