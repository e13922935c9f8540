import { brierScore, logLoss, multiclassBrierScore, multiclassLogLoss } from './probability-metrics';

describe('probability metrics', () => {
  it("log loss: scikit-learn's docstring example (spam/ham) = −(ln .9 + ln .9 + ln .8 + ln .65)/4 ≈ 0.21616", () => {
    // Labels ham = 0, spam = 1; P(spam) = [.9, .1, .2, .65] for y = [1, 0, 0, 1].
    const value = logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65]);
    expect(value).toBeCloseTo(-(Math.log(0.9) * 2 + Math.log(0.8) + Math.log(0.65)) / 4, 15);
    expect(value).toBeCloseTo(0.216162, 6);
    const multi = multiclassLogLoss([1, 0, 0, 1], [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65], 2);
    expect(multi).toBeCloseTo(value, 15);
  });

  it('clips probabilities so a confident mistake costs −ln(1e-15) ≈ 34.54, not infinity', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss([0], [1])).toBe(-Math.log(1 - (1 - 1e-15))); // 1 − 1e-15 rounds in binary: ≈ 34.5396
    expect(multiclassLogLoss([2], [0.5, 0.5, 0], 3)).toBeCloseTo(34.538776, 5);
    expect(logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
  });

  it("Brier score: scikit-learn's docstring example = (0.01 + 0.01 + 0.04 + 0.09)/4 = 0.0375", () => {
    expect(brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])).toBeCloseTo(0.0375, 15);
    expect(brierScore([0, 1], [0.5, 0.5])).toBe(0.25);
  });

  it('multiclass Brier sums squared errors over classes (hand: (0.14 + 0.78)/2 = 0.46)', () => {
    // Row 1, y = 0, p = (.7, .2, .1): .09 + .04 + .01 = .14. Row 2, y = 2, p = (.2, .5, .3): .04 + .25 + .49 = .78.
    expect(multiclassBrierScore([0, 2], [0.7, 0.2, 0.1, 0.2, 0.5, 0.3], 3)).toBeCloseTo(0.46, 15);
    // K = 2 counts each error twice: twice the binary Brier score.
    expect(multiclassBrierScore([0, 1, 1, 0], [0.9, 0.1, 0.1, 0.9, 0.2, 0.8, 0.7, 0.3], 2)).toBeCloseTo(2 * 0.0375, 15);
  });

  it('refuses labels outside the classes and misshapen input', () => {
    expect(() => logLoss([2], [0.5])).toThrow(RangeError);
    expect(() => brierScore([1, 0], [0.5])).toThrow(RangeError);
    expect(() => multiclassLogLoss([3], [0.2, 0.3, 0.5], 3)).toThrow(RangeError);
    expect(() => multiclassLogLoss([0], [0.2, 0.3], 3)).toThrow(RangeError);
  });
});
