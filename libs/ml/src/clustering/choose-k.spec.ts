import { MlInputError } from '../errors/ml-input.error';
import { chooseK } from './choose-k';
import { gaussianBlobs } from './clustering.fixtures';
import { fitKMeans } from './kmeans';

const show = (label: string, r: ReturnType<typeof chooseK>) =>
  console.log(`${label}: chose k = ${r.k}; silhouette by k: ${r.candidates.map((c) => `${c.k}:${c.silhouette.toFixed(3)}`).join('  ')}`);

describe('chooseK', () => {
  it.each([
    [
      3,
      [
        [0, 0],
        [8, 0],
        [4, 7],
      ],
    ],
    [
      5,
      [
        [0, 0],
        [10, 0],
        [0, 10],
        [10, 10],
        [5, 5],
      ],
    ],
  ])('finds the true k = %d on clean blobs', (trueK, centres) => {
    const { x } = gaussianBlobs(centres, 60, 0.8, 31 + trueK);
    const result = chooseK(x, { kMin: 2, kMax: 8 });
    show(`chooseK, ${trueK} blobs`, result);
    expect(result.k).toBe(trueK);
    expect(result.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const best = result.candidates.find((c) => c.k === trueK)!;
    expect(best.silhouette).toBeGreaterThan(0.6);
    // The inertia keeps falling past the true k, which is why it cannot choose k by itself.
    for (let i = 1; i < result.candidates.length; i++) expect(result.candidates[i].inertia).toBeLessThan(result.candidates[i - 1].inertia);
  });

  it('returns the same fit as fitKMeans for the chosen k', () => {
    const { x } = gaussianBlobs(
      [
        [0, 0],
        [6, 6],
      ],
      40,
      1,
      3,
    );
    const result = chooseK(x, { kMax: 4, seed: 5, nInit: 4 });
    const direct = fitKMeans(x, { k: result.k, seed: 5, nInit: 4 });
    expect(result.fit.model.toJSON()).toEqual(direct.model.toJSON());
  });

  it('scores a seeded sample above silhouetteSampleSize rows and still finds the blobs', () => {
    const { x } = gaussianBlobs(
      [
        [0, 0],
        [9, 0],
        [0, 9],
        [9, 9],
      ],
      500,
      1,
      41,
    );
    const t0 = Date.now();
    const result = chooseK(x, { kMax: 6, silhouetteSampleSize: 400, nInit: 3 });
    show(`chooseK, 2000 rows, silhouette on 400 (${Date.now() - t0} ms)`, result);
    expect(result.k).toBe(4);
    expect(chooseK(x, { kMax: 6, silhouetteSampleSize: 400, nInit: 3 }).candidates).toEqual(result.candidates);
  });

  it('refuses a range the silhouette cannot score', () => {
    const { x } = gaussianBlobs([[0, 0]], 5, 1, 1);
    expect(() => chooseK(x, { kMin: 1 })).toThrow(MlInputError);
    expect(() => chooseK(x, { kMin: 4, kMax: 3 })).toThrow(MlInputError);
    expect(() => chooseK(x, { kMax: 5 })).toThrow(MlInputError); // needs rows ≥ kMax + 1
    const same = { data: new Float64Array(10).fill(3), rows: 10, cols: 1 };
    expect(() => chooseK(same, { kMax: 3 })).toThrow(/identical/);
  });
});
