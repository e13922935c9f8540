import { mase, mape, smape } from './forecast-metrics';

describe('forecast metrics', () => {
  it("MAPE: scikit-learn's docstring example (1/6 + 1 + 0 + 1/7)/4 ≈ 0.3274", () => {
    expect(mape([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBeCloseTo((1 / 6 + 1 + 0 + 1 / 7) / 4, 15);
    expect(mape([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBeCloseTo(0.3273809523809524, 15);
  });

  it('MAPE of an actual 0 is huge but finite (divides by machine ε)', () => {
    const v = mape([0], [1]);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(1e15);
  });

  it('sMAPE, by hand: (20/210 + 0 + 100/50)/3, with 0/0 terms counted as 0', () => {
    expect(smape([100, 0, 50], [110, 0, 0])).toBeCloseTo((20 / 210 + 0 + 2) / 3, 15);
    expect(smape([1, 2], [1, 2])).toBe(0);
  });

  it('MASE, by hand: MAE 1.5 over the naive in-sample MAE 1.75 (lag 1) or 1.5 (lag 2)', () => {
    // Lag-1 differences of [1, 3, 2, 5, 4]: 2, 1, 3, 1 → mean 1.75.
    expect(mase([6, 7], [5, 9], [1, 3, 2, 5, 4])).toBeCloseTo(1.5 / 1.75, 15);
    // Lag-2 differences of [1, 3, 2, 5, 4, 6]: 1, 2, 2, 1 → mean 1.5.
    expect(mase([6, 7], [5, 9], [1, 3, 2, 5, 4, 6], 2)).toBeCloseTo(1, 15);
  });

  it('MASE of the naive forecast itself, scored in-sample, is exactly 1', () => {
    const train = [5, 7, 6, 9, 8, 11];
    expect(mase(train.slice(1), train.slice(0, -1), train)).toBeCloseTo(1, 15);
  });

  it('MASE refuses a training series too short for its seasonality; a flat one gives Infinity', () => {
    expect(() => mase([1], [1], [1, 2], 2)).toThrow(RangeError);
    expect(mase([2], [1], [3, 3, 3])).toBe(Infinity);
  });
});
