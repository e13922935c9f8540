import { MlInputError } from '../errors/ml-input.error';
import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { mulberry32, randomNormal } from '../random/prng';
import { permutation } from '../random/shuffle';
import { adjustedRandIndex } from './adjusted-rand-index';
import { squaredDistance } from './check-matrix';
import { halfMoons, takeRows } from './clustering.fixtures';
import { dbscan } from './dbscan';
import { fitKMeans } from './kmeans';

const line = (xs: number[]) => ({ data: Float64Array.from(xs), rows: xs.length, cols: 1 });
const points = (ps: number[][]) => ({ data: Float64Array.from(ps.flat()), rows: ps.length, cols: ps[0].length });

/** The paper's algorithm with brute-force region queries, rows visited in index order: the oracle for the indexed version. */
function referenceDbscan(x: RowMajorMatrix, eps: number, minSamples: number): Int32Array {
  const n = x.rows;
  const region = (i: number) => Array.from({ length: n }, (_, j) => j).filter((j) => squaredDistance(x.data, i, x.data, j, x.cols) <= eps * eps);
  const labels = new Int32Array(n).fill(-2);
  let cluster = 0;
  for (let p = 0; p < n; p++) {
    if (labels[p] !== -2) continue;
    const seeds = region(p);
    if (seeds.length < minSamples) {
      labels[p] = -1;
      continue;
    }
    labels[p] = cluster;
    for (let s = 0; s < seeds.length; s++) {
      const q = seeds[s];
      if (labels[q] === -1) labels[q] = cluster;
      if (labels[q] !== -2) continue;
      labels[q] = cluster;
      const more = region(q);
      if (more.length >= minSamples) seeds.push(...more);
    }
    cluster++;
  }
  return labels;
}

describe('dbscan', () => {
  it('labels a line by hand: cores, borders and noise', () => {
    // eps 0.5, minSamples 3. 0.5 has {0, 0.5, 1}: core; 0 and 1 see only two rows: borders.
    // 10.4 and 10.8 are cores, 10 and 11.2 borders; 5 and 20 are noise.
    const x = line([0, 0.5, 1, 5, 10, 10.4, 10.8, 11.2, 20]);
    const r = dbscan(x, { eps: 0.5, minSamples: 3 });
    expect(Array.from(r.labels)).toEqual([0, 0, 0, -1, 1, 1, 1, 1, -1]);
    expect(Array.from(r.isCore)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0]);
    expect(r.nClusters).toBe(2);
    expect(r.nNoise).toBe(2);
  });

  it('counts a row at distance exactly eps as a neighbour, and the row itself toward minSamples', () => {
    expect(Array.from(dbscan(line([0, 1]), { eps: 1, minSamples: 2 }).labels)).toEqual([0, 0]);
    expect(Array.from(dbscan(line([0, 1]), { eps: 0.999, minSamples: 2 }).labels)).toEqual([-1, -1]);
    expect(Array.from(dbscan(line([0, 5]), { eps: 1, minSamples: 1 }).labels)).toEqual([0, 1]);
  });

  it('gives a border row shared by two clusters to the one whose first core comes first', () => {
    const left = [
      [-1, 0],
      [-1.5, 0],
      [-2, 0],
      [-1.5, 0.3],
    ];
    const right = left.map(([a, b]) => [-a, b]);
    const border = [0, 0]; // within eps of (−1, 0) and (1, 0), but sees only 3 rows: not core
    const leftFirst = dbscan(points([...left, ...right, border]), { eps: 1, minSamples: 4 });
    expect(Array.from(leftFirst.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0]);
    const rightFirst = dbscan(points([...right, ...left, border]), { eps: 1, minSamples: 4 });
    expect(Array.from(rightFirst.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0]);
    expect(leftFirst.isCore[8]).toBe(0);
  });

  it('separates two interleaved half-moons that k-means cuts wrongly, and marks injected outliers −1', () => {
    const moons = halfMoons(200, 0.06, 4);
    const outliers = [
      [-1.8, 1.6],
      [2.9, -1.3],
      [0.5, 2.3],
      [3.2, 1.5],
      [-1.6, -1.2],
      [0.5, 0.25], // the empty middle between the two moons
    ];
    const x = { data: Float64Array.from([...Array.from(moons.x.data), ...outliers.flat()]), rows: moons.x.rows + outliers.length, cols: 2 };
    const t0 = Date.now();
    const r = dbscan(x, { eps: 0.2, minSamples: 5 });
    const ms = Date.now() - t0;
    const moonLabels = r.labels.subarray(0, moons.x.rows);
    const ariDbscan = adjustedRandIndex(moons.truth, moonLabels);
    const ariKMeans = adjustedRandIndex(moons.truth, fitKMeans(moons.x, { k: 2 }).labels);
    console.log(
      `half-moons (400 rows + 6 outliers): DBSCAN ${r.nClusters} clusters, ARI ${ariDbscan.toFixed(4)}, ${r.nNoise} noise rows ` +
        `(outliers labelled ${Array.from(r.labels.subarray(moons.x.rows)).join(',')}), ${ms} ms; k-means k = 2 ARI ${ariKMeans.toFixed(4)}`,
    );
    expect(r.nClusters).toBe(2);
    expect(ariDbscan).toBeGreaterThan(0.98);
    expect(ariKMeans).toBeLessThan(0.6);
    expect(Array.from(r.labels.subarray(moons.x.rows))).toEqual(outliers.map(() => -1));
    expect(r.nNoise).toBeLessThanOrEqual(outliers.length + 4);
  });

  it('finds the same clusters whatever the row order (ARI 1 against the original)', () => {
    const { x } = halfMoons(150, 0.05, 8);
    const order = permutation(x.rows, mulberry32(3));
    const original = dbscan(x, { eps: 0.2, minSamples: 5 }).labels;
    const shuffled = dbscan(takeRows(x, order), { eps: 0.2, minSamples: 5 }).labels;
    expect(adjustedRandIndex(Array.from(order, (i) => original[i]), shuffled)).toBe(1);
  });

  it.each([
    [0.3, 4, 2],
    [0.6, 5, 2],
    [0.9, 8, 3],
    [1.5, 4, 5],
  ])('matches brute-force DBSCAN exactly (eps %d, minSamples %d, %d-d Gaussian clouds)', (eps, minSamples, d) => {
    const rng = mulberry32(eps * 100 + d);
    const n = 300;
    const data = Float64Array.from({ length: n * d }, (_, i) => (Math.floor(i / d) % 3) * 2 + randomNormal(rng));
    const x = { data, rows: n, cols: d };
    const ours = dbscan(x, { eps, minSamples });
    expect(ours.nClusters).toBeGreaterThan(0); // a case worth comparing: clusters and noise both occur
    expect(ours.nNoise).toBeGreaterThan(0);
    expect(Array.from(ours.labels)).toEqual(Array.from(referenceDbscan(x, eps, minSamples)));
  });

  it('labels everything noise when no row has minSamples neighbours, and handles no rows', () => {
    const r = dbscan(line([0, 1, 2]), { eps: 5, minSamples: 4 });
    expect(Array.from(r.labels)).toEqual([-1, -1, -1]);
    expect(r.nNoise).toBe(3);
    expect(dbscan({ data: new Float64Array(0), rows: 0, cols: 2 }, { eps: 1 }).nClusters).toBe(0);
  });

  it('refuses eps ≤ 0 and non-integer minSamples', () => {
    expect(() => dbscan(line([0, 1]), { eps: 0 })).toThrow(MlInputError);
    expect(() => dbscan(line([0, 1]), { eps: 1, minSamples: 2.5 })).toThrow(MlInputError);
    expect(() => dbscan(line([0, NaN]), { eps: 1 })).toThrow(RangeError);
  });
});
