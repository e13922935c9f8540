import { MlInputError } from '../errors';
import { DriftForecaster, MeanForecaster, NaiveForecaster, SeasonalNaiveForecaster } from './baseline-forecasters';
import { centralZ } from './normal-quantile';

describe('benchmark forecasters (FPP3 §5.2, intervals §5.5)', () => {
  // y = [1, 3, 2, 5, 4, 6], T = 6.
  const y = [1, 3, 2, 5, 4, 6];
  const z80 = centralZ(80);
  const z95 = centralZ(95);

  it('mean: ŷ = 3.5; residual ss 17.5 on 5 df; σ_h = √3.5·√(1 + 1/6)', () => {
    const f = new MeanForecaster().fit(y).forecast(3);
    expect(Array.from(f.mean)).toEqual([3.5, 3.5, 3.5]);
    const sd = Math.sqrt(3.5 * (1 + 1 / 6));
    expect(f.intervals[0].level).toBe(80);
    expect(f.intervals[0].upper[2]).toBeCloseTo(3.5 + z80 * sd, 12);
    expect(f.intervals[1].lower[0]).toBeCloseTo(3.5 - z95 * sd, 12);
  });

  it('naive: ŷ = y_T = 6; differences 2, −1, 3, −1, 2 give σ̂² = 19/5; σ_h = σ̂√h', () => {
    const model = new NaiveForecaster().fit(y);
    expect(model.sigma).toBeCloseTo(Math.sqrt(19 / 5), 14);
    const f = model.forecast(4, { levels: [95] });
    expect(Array.from(f.mean)).toEqual([6, 6, 6, 6]);
    expect(f.intervals).toHaveLength(1);
    expect(f.intervals[0].upper[3]).toBeCloseTo(6 + z95 * Math.sqrt(19 / 5) * 2, 12);
  });

  it('drift: slope (6 − 1)/5 = 1, ŷ = 6 + h; ss 14 on 4 df; σ_h = σ̂√(h(1 + h/5))', () => {
    const f = new DriftForecaster().fit(y).forecast(3);
    expect(Array.from(f.mean)).toEqual([7, 8, 9]);
    const sd = Math.sqrt(3.5 * 2 * (1 + 2 / 5));
    expect(f.intervals[0].lower[1]).toBeCloseTo(8 - z80 * sd, 12);
  });

  it('seasonal naive (m = 2): ŷ = 4, 6, 4, 6, …; lag-2 differences 1, 2, 2, 1 give σ̂² = 10/4; σ_h = σ̂√(⌊(h−1)/m⌋ + 1)', () => {
    const f = new SeasonalNaiveForecaster(2).fit(y).forecast(5);
    expect(Array.from(f.mean)).toEqual([4, 6, 4, 6, 4]);
    const sigma = Math.sqrt(2.5);
    expect(f.intervals[1].upper[0]).toBeCloseTo(4 + z95 * sigma, 12);
    expect(f.intervals[1].upper[2]).toBeCloseTo(4 + z95 * sigma * Math.SQRT2, 12);
    expect(f.intervals[1].upper[4]).toBeCloseTo(4 + z95 * sigma * Math.sqrt(3), 12);
  });

  it('seasonal naive forecasts repeat the last observed season', () => {
    const monthly = Array.from({ length: 40 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 12) + t + (t % 5));
    const last = monthly.slice(-12);
    const f = new SeasonalNaiveForecaster(12).fit(monthly).forecast(30);
    expect(Array.from(f.mean)).toEqual([...last, ...last, ...last.slice(0, 6)]);
  });

  it('intervals widen with the horizon and nest (95% contains 80%)', () => {
    for (const model of [new NaiveForecaster(), new DriftForecaster(), new SeasonalNaiveForecaster(2)]) {
      const f = model.fit(y).forecast(6);
      const [i80, i95] = f.intervals;
      for (let h = 0; h < 6; h++) {
        expect(i95.lower[h]).toBeLessThan(i80.lower[h]);
        expect(i95.upper[h]).toBeGreaterThan(i80.upper[h]);
        if (h > 0) expect(i95.upper[h] - i95.lower[h]).toBeGreaterThanOrEqual(i95.upper[h - 1] - i95.lower[h - 1]);
      }
    }
  });

  it('refuses unusable input with MlInputError and forecasting before fitting with an Error', () => {
    expect(() => new NaiveForecaster().fit([1])).toThrow(MlInputError);
    expect(() => new SeasonalNaiveForecaster(4).fit([1, 2, 3, 4])).toThrow(MlInputError);
    expect(() => new MeanForecaster().fit([1, NaN, 2])).toThrow(MlInputError);
    expect(() => new SeasonalNaiveForecaster(0)).toThrow(MlInputError);
    expect(() => new NaiveForecaster().fit(y).forecast(0)).toThrow(MlInputError);
    expect(() => new NaiveForecaster().fit(y).forecast(2, { levels: [100] })).toThrow(MlInputError);
    expect(() => new DriftForecaster().forecast(2)).toThrow('call fit(series) before forecast(h)');
  });
});
