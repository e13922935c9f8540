import { mulberry32 } from '../../random/prng';
import { midranks, rocAuc, rocAucOvr } from './roc-auc';

/** The definition, O(n₊n₋): P(score₊ > score₋) + ½·P(tie). */
function pairwiseAuc(y: ArrayLike<number>, s: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] === 1) continue;
      pairs++;
      wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('ROC AUC', () => {
  it('midranks share the mean rank among ties', () => {
    expect(Array.from(midranks([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(midranks([3, 1, 2, 1, 1]))).toEqual([5, 2, 4, 2, 2]);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, ½ when every score ties', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it("matches scikit-learn's roc_auc_score docstring example: 0.75", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('counts a tie between a positive and a negative as ½ (hand: (½ + 1 + 1 + 1) / 4)', () => {
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.8])).toBe(0.875);
  });

  it('agrees with the pairwise definition on random scores with many ties', () => {
    const rng = mulberry32(41);
    const y = Array.from({ length: 300 }, () => (rng() < 0.3 ? 1 : 0));
    const s = y.map((v) => Math.round((rng() + 0.3 * v) * 10) / 10);
    expect(rocAuc(y, s)).toBeCloseTo(pairwiseAuc(y, s), 12);
  });

  it('uses the given positive label; refuses a single class', () => {
    expect(rocAuc([2, 2, 7, 7], [0.1, 0.2, 0.8, 0.9], 7)).toBe(1);
    expect(() => rocAuc([1, 1], [0.1, 0.2])).toThrow(RangeError);
  });

  it('one-vs-rest macro AUC averages the per-class AUCs (hand-computed)', () => {
    // Class 0 column ranks its two members first (AUC 1); class 1 column: 0.8 above all four
    // negatives, 0.22 above three of them (0.1, 0.2, 0.2, not 0.25): AUC (4 + 3)/8 = 7/8; class 2: AUC 1.
    const y = [0, 0, 1, 1, 2, 2];
    const p = [
      [0.8, 0.1, 0.1],
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.3, 0.22, 0.48],
      [0.1, 0.2, 0.7],
      [0.2, 0.25, 0.55],
    ].flat();
    const perClass = [0, 1, 2].map((k) => rocAuc(y.map((v) => (v === k ? 1 : 0)), p.filter((_, i) => i % 3 === k)));
    expect(perClass).toEqual([1, 7 / 8, 1]);
    expect(rocAucOvr(y, p, 3)).toBeCloseTo((1 + 7 / 8 + 1) / 3, 15);
    expect(rocAucOvr(y, p, 3, 'weighted')).toBeCloseTo((1 + 7 / 8 + 1) / 3, 15); // equal prevalence
    expect(() => rocAucOvr([0, 0, 1, 1], p.slice(0, 12), 3)).toThrow(RangeError); // class 2 absent
  });
});
