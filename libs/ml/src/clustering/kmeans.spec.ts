import { MlArtifactError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { adjustedRandIndex } from './adjusted-rand-index';
import { gaussianBlobs } from './clustering.fixtures';
import { fitKMeans, KMeans } from './kmeans';

const line = (xs: number[]) => ({ data: Float64Array.from(xs), rows: xs.length, cols: 1 });
const FOUR_CENTRES = [
  [0, 0],
  [10, 0],
  [0, 10],
  [10, 10],
];

function totalSumOfSquares(x: { data: ArrayLike<number>; rows: number; cols: number }): number {
  let total = 0;
  for (let f = 0; f < x.cols; f++) {
    let mean = 0;
    for (let i = 0; i < x.rows; i++) mean += x.data[i * x.cols + f];
    mean /= x.rows;
    for (let i = 0; i < x.rows; i++) total += (x.data[i * x.cols + f] - mean) ** 2;
  }
  return total;
}

describe('fitKMeans', () => {
  it('solves {0, 1, 10, 11} with k = 2 by hand: centroids 0.5 and 10.5, inertia 4 · 0.25 = 1', () => {
    const fit = fitKMeans(line([0, 1, 10, 11]), { k: 2, seed: 1 });
    expect([...fit.model.centroids].sort((a, b) => a - b)).toEqual([0.5, 10.5]);
    expect(fit.inertia).toBe(1);
    expect(fit.labels[0]).toBe(fit.labels[1]);
    expect(fit.labels[2]).toBe(fit.labels[3]);
    expect(fit.labels[0]).not.toBe(fit.labels[2]);
    expect(fit.converged).toBe(true);
  });

  it('with k = 1 puts the centroid at the mean, and the inertia is the total sum of squares', () => {
    const { x } = gaussianBlobs(FOUR_CENTRES, 50, 1, 2);
    const fit = fitKMeans(x, { k: 1 });
    expect(fit.inertia).toBeCloseTo(totalSumOfSquares(x), 8);
  });

  it('recovers 4 well-separated Gaussian blobs (ARI ≈ 1) and beats the one-cluster baseline', () => {
    const { x, truth } = gaussianBlobs(FOUR_CENTRES, 100, 1, 5);
    const fit = fitKMeans(x, { k: 4, seed: 7 });
    const ari = adjustedRandIndex(truth, fit.labels);
    const baseline = totalSumOfSquares(x);
    console.log(
      `k-means on 4 blobs: ARI ${ari.toFixed(4)}, inertia ${fit.inertia.toFixed(1)} vs one cluster ${baseline.toFixed(1)}, ` +
        `${fit.iterations} iterations, restarts ${Array.from(fit.restartInertias, (v) => v.toFixed(1)).join(' ')}`,
    );
    expect(ari).toBeGreaterThan(0.98);
    expect(fit.inertia).toBeLessThan(0.1 * baseline);
    // Each fitted centroid lies within 0.5 of a true centre (the blob mean's sd is 0.1).
    for (let j = 0; j < 4; j++) {
      const c = fit.model.centroids.subarray(2 * j, 2 * j + 2);
      const nearest = Math.min(...FOUR_CENTRES.map(([a, b]) => Math.hypot(c[0] - a, c[1] - b)));
      expect(nearest).toBeLessThan(0.5);
    }
    expect(fit.converged).toBe(true);
  });

  it('keeps the start with the lowest inertia, and start r does not depend on nInit', () => {
    const { x } = gaussianBlobs([...FOUR_CENTRES, [5, 5], [5, -5]], 30, 2, 11);
    const ten = fitKMeans(x, { k: 6, nInit: 10, seed: 3 });
    const three = fitKMeans(x, { k: 6, nInit: 3, seed: 3 });
    expect(ten.inertia).toBe(Math.min(...ten.restartInertias));
    expect(Array.from(three.restartInertias)).toEqual(Array.from(ten.restartInertias.subarray(0, 3)));
    expect(ten.inertia).toBeLessThanOrEqual(three.inertia);
    expect(ten.model.inertia(x)).toBeCloseTo(ten.inertia, 8);
  });

  it('is deterministic under a seed and reads Float32Array rows alike', () => {
    const { x } = gaussianBlobs(FOUR_CENTRES, 40, 2, 13);
    const a = fitKMeans(x, { k: 4, seed: 99 });
    const b = fitKMeans(x, { k: 4, seed: 99 });
    expect(b.model.toJSON()).toEqual(a.model.toJSON());
    expect(b.labels).toEqual(a.labels);
    const x32 = { data: Float32Array.from(x.data), rows: x.rows, cols: x.cols };
    const c = fitKMeans(x32, { k: 4, seed: 99 });
    expect(adjustedRandIndex(a.labels, c.labels)).toBe(1);
  });

  it('predicts the nearest centroid: the training labels, and new points by their blob', () => {
    const { x, truth } = gaussianBlobs(FOUR_CENTRES, 50, 1, 17);
    const fit = fitKMeans(x, { k: 4 });
    expect(fit.model.predict(x)).toEqual(fit.labels);
    const clusterOfBlob = FOUR_CENTRES.map((_, b) => fit.labels[truth.indexOf(b)]);
    const fresh = fit.model.predict({ data: Float64Array.from([0.3, -0.2, 9.5, 0.4, -0.1, 10.2, 10.4, 9.7]), rows: 4, cols: 2 });
    expect(Array.from(fresh)).toEqual(clusterOfBlob);
  });

  it('copes with fewer distinct rows than k: repeated centroids, inertia 0, no NaN', () => {
    // Only {4, 9} are distinct, so one k-means++ centre repeats; its cluster starts empty, is
    // lent a row, and empties again under nearest-centroid ties — there is no third group to find.
    const fit = fitKMeans(line([4, 4, 4, 9]), { k: 3, nInit: 1 });
    expect(fit.inertia).toBe(0);
    expect(new Set(fit.model.centroids)).toEqual(new Set([4, 9]));
    expect(Array.from(fit.model.predict(line([4, 9])), (j) => fit.model.centroids[j])).toEqual([4, 9]);
  });

  it('stops at maxIterations, unconverged, above the inertia a full run reaches', () => {
    const { x } = gaussianBlobs([...FOUR_CENTRES, [5, 5]], 40, 3, 19);
    const full = fitKMeans(x, { k: 5, nInit: 1 });
    const oneStep = fitKMeans(x, { k: 5, nInit: 1, maxIterations: 1 });
    console.log(`k-means on overlapping blobs: ${full.iterations} iterations to converge; inertia ${full.inertia.toFixed(1)} vs ${oneStep.inertia.toFixed(1)} after one`);
    expect(full.iterations).toBeGreaterThan(1);
    expect(full.converged).toBe(true);
    expect(oneStep.iterations).toBe(1);
    expect(oneStep.converged).toBe(false);
    expect(oneStep.inertia).toBeGreaterThan(full.inertia);
  });

  it('refuses bad options with MlInputError naming the parameter, and bad rows', () => {
    const x = line([0, 1, 2]);
    const code = (f: () => unknown): [string, string] => {
      try {
        f();
      } catch (e) {
        if (e instanceof MlInputError) return [e.code, e.field];
        throw e;
      }
      throw new Error('did not throw');
    };
    expect(code(() => fitKMeans(x, { k: 0 }))).toEqual([MlInputErrorCode.InvalidParameter, 'params.k']);
    expect(code(() => fitKMeans(x, { k: 2, nInit: 0 }))).toEqual([MlInputErrorCode.InvalidParameter, 'params.nInit']);
    expect(code(() => fitKMeans(x, { k: 2, tolerance: -1 }))).toEqual([MlInputErrorCode.InvalidParameter, 'params.tolerance']);
    expect(code(() => fitKMeans(x, { k: 2, seed: 0.5 }))).toEqual([MlInputErrorCode.InvalidParameter, 'params.seed']);
    expect(code(() => fitKMeans(x, { k: 4 }))).toEqual([MlInputErrorCode.TooFewRows, 'x']);
    expect(() => fitKMeans(line([0, NaN, 2]), { k: 2 })).toThrow(RangeError);
    expect(() => fitKMeans({ data: new Float64Array(5), rows: 3, cols: 2 }, { k: 2 })).toThrow(RangeError);
  });
});

describe('KMeans JSON', () => {
  it('round-trips through JSON text with identical predictions', () => {
    const { x } = gaussianBlobs(FOUR_CENTRES, 30, 1.5, 23);
    const { model } = fitKMeans(x, { k: 4 });
    const back = KMeans.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(back.toJSON()).toEqual(model.toJSON());
    expect(back.predict(x)).toEqual(model.predict(x));
    expect(back.inertia(x)).toBe(model.inertia(x));
  });

  it('refuses anything that is not a k-means model this version wrote', () => {
    const good = new KMeans(Float64Array.from([0, 1, 2, 3]), 2).toJSON();
    expect(() => KMeans.fromJSON({ ...good, version: 2 })).toThrow(MlArtifactError);
    expect(() => KMeans.fromJSON({ ...good, kind: 'isolation-forest' })).toThrow(MlArtifactError);
    expect(() => KMeans.fromJSON({ ...good, centroids: [0, 1, 2] })).toThrow(MlArtifactError);
    expect(() => KMeans.fromJSON({ ...good, centroids: [0, 1, 2, null] })).toThrow(MlArtifactError);
    expect(() => KMeans.fromJSON(null)).toThrow(MlArtifactError);
  });

  it('refuses rows with the wrong number of columns', () => {
    const model = new KMeans(Float64Array.from([0, 1, 2, 3]), 2);
    expect(() => model.predict(line([0, 1]))).toThrow(RangeError);
  });
});
