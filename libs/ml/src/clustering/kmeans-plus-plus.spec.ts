import { mulberry32, type Rng } from '../random/prng';
import { gaussianBlobs } from './clustering.fixtures';
import { kMeansPlusPlus } from './kmeans-plus-plus';

const line = (xs: number[]) => ({ data: Float64Array.from(xs), rows: xs.length, cols: 1 });
const scripted = (values: number[]): Rng => {
  let i = 0;
  return () => values[i++];
};

describe('kMeansPlusPlus', () => {
  it('draws the next centre by D² weighting, by hand on {0, 1, 3}', () => {
    // First centre row 0 (u = 0). D² = [0, 1, 9], total 10: u·10 < 1 picks row 1, otherwise row 2.
    expect(Array.from(kMeansPlusPlus(line([0, 1, 3]), 2, scripted([0, 0.05])))).toEqual([0, 1]);
    expect(Array.from(kMeansPlusPlus(line([0, 1, 3]), 2, scripted([0, 0.1])))).toEqual([0, 2]);
    expect(Array.from(kMeansPlusPlus(line([0, 1, 3]), 2, scripted([0, 0.99])))).toEqual([0, 2]);
  });

  it('picks row 2 of {0, 1, 3} after row 0 with probability 9/10 (20 000 seeded draws)', () => {
    let afterZero = 0;
    let farthest = 0;
    for (let seed = 0; seed < 20_000; seed++) {
      const [first, second] = kMeansPlusPlus(line([0, 1, 3]), 2, mulberry32(seed));
      if (first !== 0) continue;
      afterZero++;
      if (second === 2) farthest++;
    }
    const p = farthest / afterZero;
    console.log(`k-means++ on {0,1,3}: P(row 2 | row 0 first) = ${p.toFixed(4)} over ${afterZero} draws (expected 0.9)`);
    // Binomial sd at n ≈ 6 700 is 0.0037; 4 sd.
    expect(Math.abs(p - 0.9)).toBeLessThan(0.015);
  });

  // After some blobs hold a centre, the chance that the next draw lands in one of them again is
  // their within-blob D² mass over the total: about (blobs seeded · 60 rows · 4σ²) / (60 · gap²).
  const seedsEveryBlob = (gap: number, trials: number): number => {
    const centres = [
      [0, 0],
      [gap, 0],
      [0, gap],
      [gap, gap],
      [2 * gap, 2 * gap],
    ];
    const { x, truth } = gaussianBlobs(centres, 60, 1, 21);
    let distinct = 0;
    for (let seed = 0; seed < trials; seed++) {
      const picks = kMeansPlusPlus(x, 5, mulberry32(seed));
      if (new Set(Array.from(picks, (i) => truth[i])).size === 5) distinct++;
    }
    return distinct / trials;
  };

  it('seeds one centre in each of 5 well-separated blobs with high probability', () => {
    const far = seedsEveryBlob(50, 1000);
    const near = seedsEveryBlob(12, 1000);
    console.log(
      `k-means++: all 5 blobs seeded in ${(100 * far).toFixed(1)}% of seeds at gap 50σ, ${(100 * near).toFixed(1)}% at gap 12σ ` +
        `(uniform seeding: ${((100 * 120) / 3125).toFixed(1)}%)`,
    );
    expect(far).toBeGreaterThan(0.97);
    expect(near).toBeGreaterThan(0.75);
  });

  it('never draws a row twice while distinct rows remain: with k = n it returns a permutation', () => {
    const { x } = gaussianBlobs([[0, 0]], 40, 1, 3);
    const picks = kMeansPlusPlus(x, 40, mulberry32(8));
    expect([...picks].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('repeats points only when every row already coincides with a centre', () => {
    const picks = kMeansPlusPlus(line([4, 4, 4, 9]), 3, mulberry32(1));
    const values = Array.from(picks, (i) => [4, 4, 4, 9][i]).sort();
    expect(values).toEqual([4, 4, 9]);
  });
});
