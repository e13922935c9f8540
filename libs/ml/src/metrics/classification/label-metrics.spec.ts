import { accuracy, confusionMatrix, f1Score, perClassScores, precision, recall } from './label-metrics';

describe('label metrics', () => {
  // scikit-learn's precision_score/f1_score docstring example.
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];

  it('multiclass, by hand: only class 0 is ever right (TP₀ = 2 of 3 predicted, 2 actual)', () => {
    // precision = [2/3, 0, 0], recall = [1, 0, 0], F1 = [0.8, 0, 0], support = [2, 2, 2].
    const s = perClassScores(yTrue, yPred);
    expect(s.labels).toEqual([0, 1, 2]);
    expect(Array.from(s.precision)).toEqual([2 / 3, 0, 0]);
    expect(Array.from(s.recall)).toEqual([1, 0, 0]);
    expect(Array.from(s.f1)).toEqual([0.8, 0, 0]);
    expect(Array.from(s.support)).toEqual([2, 2, 2]);
    expect(accuracy(yTrue, yPred)).toBe(2 / 6);
    expect(precision(yTrue, yPred, { average: 'macro' })).toBeCloseTo(0.2222222222, 9); // sklearn: 0.22…
    expect(recall(yTrue, yPred, { average: 'macro' })).toBeCloseTo(1 / 3, 12);
    expect(f1Score(yTrue, yPred, { average: 'macro' })).toBeCloseTo(0.2666666667, 9); // sklearn: 0.26…
    expect(f1Score(yTrue, yPred, { average: 'weighted' })).toBeCloseTo(0.2666666667, 9);
  });

  it('binary, by hand: TP 3, FP 2, FN 1, TN 2', () => {
    const y = [1, 1, 0, 1, 0, 0, 1, 0];
    const p = [1, 0, 0, 1, 1, 1, 1, 0];
    expect(precision(y, p)).toBe(3 / 5);
    expect(recall(y, p)).toBe(3 / 4);
    expect(f1Score(y, p)).toBeCloseTo(2 / 3, 15); // 2TP / (2TP + FP + FN) = 6/9
    // Class 0 as positive: TP 2 of 3 predicted, 4 actual → P = 2/3, R = 1/2, F1 = 4/7.
    expect(precision(y, p, { positiveLabel: 0 })).toBe(2 / 3);
    expect(f1Score(y, p, { positiveLabel: 0 })).toBeCloseTo(4 / 7, 15);
    // Weighted by support (4 and 4): (4/7 + 2/3) / 2 = 13/21.
    expect(f1Score(y, p, { average: 'weighted' })).toBeCloseTo(13 / 21, 15);
    expect(accuracy(y, p)).toBe(5 / 8);
  });

  it('weights by support when classes are imbalanced', () => {
    // Class 0: 3 actual, all right (P = 3/4, R = 1); class 1: 1 actual, missed (P = R = 0).
    const y = [0, 0, 0, 1];
    const p = [0, 0, 0, 0];
    expect(recall(y, p, { average: 'weighted' })).toBe((3 * 1 + 1 * 0) / 4);
    expect(precision(y, p, { average: 'weighted' })).toBe((3 * 0.75) / 4);
    expect(precision(y, p, { average: 'macro' })).toBe(0.75 / 2);
    expect(precision(y, p)).toBe(0); // no positive predictions: zero_division = 0
  });

  it('confusion matrix: scikit-learn docstring example [[2,0,0],[0,0,1],[1,0,2]]', () => {
    const m = confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
    expect(m.labels).toEqual([0, 1, 2]);
    expect(Array.from(m.counts)).toEqual([2, 0, 0, 0, 0, 1, 1, 0, 2]);
  });

  it('confusion matrix with a given label order ignores other labels', () => {
    const m = confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], [2, 0]);
    // rows/cols: 2, 0 → (2,2) = 2, (2,0) = 1, (0,2) = 0, (0,0) = 2.
    expect(Array.from(m.counts)).toEqual([2, 1, 0, 2]);
  });

  it('refuses mismatched or empty input', () => {
    expect(() => accuracy([1, 2], [1])).toThrow(RangeError);
    expect(() => precision([], [])).toThrow(RangeError);
  });
});
