import { mulberry32, randomNormal } from '../../random/prng';
import { silhouetteSamples, silhouetteScore } from './silhouette';

const line = (xs: number[]) => ({ data: xs, rows: xs.length, cols: 1 });

describe('silhouette', () => {
  it('two clusters on a line, by hand: {0, 1} and {4, 5}', () => {
    // Point 0: a = 1, b = (4 + 5)/2 = 4.5 → 3.5/4.5 = 7/9. Point 1: a = 1, b = 3.5 → 5/7. Symmetric on the right.
    const s = silhouetteSamples(line([0, 1, 4, 5]), [0, 0, 1, 1]);
    const expected = [7 / 9, 5 / 7, 5 / 7, 7 / 9];
    expected.forEach((v, i) => expect(s[i]).toBeCloseTo(v, 15));
    expect(silhouetteScore(line([0, 1, 4, 5]), [0, 0, 1, 1])).toBeCloseTo((7 / 9 + 5 / 7) / 2, 15);
  });

  it('a point alone in its cluster scores 0; a misassigned point scores negative', () => {
    const s = silhouetteSamples(line([0, 1, 4, 5]), [0, 0, 1, 2]);
    expect(s[2]).toBe(0);
    expect(s[3]).toBe(0);
    // Point 5 put with {0, 1}: a = (5 + 4)/2 = 4.5, b = 1 → (1 − 4.5)/4.5.
    const bad = silhouetteSamples(line([0, 1, 4, 5]), [0, 0, 1, 0]);
    expect(bad[3]).toBeCloseTo((1 - 4.5) / 4.5, 15);
  });

  it('is high for well-separated blobs and near 0 for random labels (2-d, 200 points)', () => {
    const rng = mulberry32(51);
    const data: number[] = [];
    const truth: number[] = [];
    for (let i = 0; i < 200; i++) {
      const c = i % 2;
      data.push(c * 10 + randomNormal(rng), randomNormal(rng));
      truth.push(c);
    }
    const x = { data: Float64Array.from(data), rows: 200, cols: 2 };
    const random = truth.map(() => (rng() < 0.5 ? 1 : 0));
    const good = silhouetteScore(x, truth);
    const noise = silhouetteScore(x, random);
    console.log(`silhouette: true clusters ${good.toFixed(3)}, random labels ${noise.toFixed(3)}`);
    expect(good).toBeGreaterThan(0.7);
    expect(Math.abs(noise)).toBeLessThan(0.1);
  });

  it('needs between 2 and n − 1 clusters', () => {
    expect(() => silhouetteScore(line([0, 1, 2]), [0, 0, 0])).toThrow(RangeError);
    expect(() => silhouetteScore(line([0, 1, 2]), [0, 1, 2])).toThrow(RangeError);
  });
});
