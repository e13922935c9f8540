import { intervalCoverage, meanIntervalWidth, pinballLoss } from './interval-metrics';

describe('interval and quantile metrics', () => {
  it("pinball loss: scikit-learn's mean_pinball_loss docstring examples", () => {
    const y = [1, 2, 3];
    expect(pinballLoss(y, [0, 2, 3], 0.1)).toBeCloseTo(0.1 / 3, 15); // under-prediction by 1, weight τ
    expect(pinballLoss(y, [1, 2, 4], 0.1)).toBeCloseTo(0.9 / 3, 15); // over-prediction by 1, weight 1 − τ
    expect(pinballLoss(y, [0, 2, 3], 0.9)).toBeCloseTo(0.9 / 3, 15);
    expect(pinballLoss(y, [1, 2, 4], 0.9)).toBeCloseTo(0.1 / 3, 15);
  });

  it('pinball loss at τ = ½ is half the mean absolute error', () => {
    expect(pinballLoss([3, -0.5, 2, 7], [2.5, 0, 2, 8], 0.5)).toBeCloseTo(0.25, 15);
    expect(() => pinballLoss([1], [1], 1)).toThrow(RangeError);
  });

  it('coverage counts values inside closed intervals; width is the mean of hi − lo', () => {
    const y = [1, 2, 3, 4, 5];
    const lo = [0, 2, 3.5, 3, 6];
    const hi = [2, 2, 4, 4, 7];
    // inside: 1 ∈ [0,2], 2 ∈ [2,2], 3 ∉ [3.5,4], 4 ∈ [3,4], 5 ∉ [6,7] → 3/5.
    expect(intervalCoverage(y, lo, hi)).toBe(0.6);
    expect(meanIntervalWidth(lo, hi)).toBe((2 + 0 + 0.5 + 1 + 1) / 5);
    expect(() => intervalCoverage(y, lo, hi.slice(1))).toThrow(RangeError);
  });
});
