import { MlInputError } from '../../errors';
import { mulberry32 } from '../../random/prng';
import { calendarFeatureNames, isoWeek, timeOfIndex } from './calendar-features';
import { checkLagFeatureSpec, lagFeatureNames, writeLagFeatures, type LagFeatureSpec } from './lag-features';
import { buildLagTrainingSet } from './lag-training-set';

const spec: LagFeatureSpec = { lags: [1, 2], seasonLength: 4, seasonalLags: 2, windows: [3], calendar: null, staticFeature: true };
const y = Float64Array.from([10, 20, 30, 40, 50, 60, 70, 80]);

function row(history: Float64Array, step: number, s: LagFeatureSpec = spec, time = 0): number[] {
  const out = new Float32Array(lagFeatureNames(s).length);
  writeLagFeatures(history, step, s, time, 7, out, 0);
  return Array.from(out);
}

describe('lag features', () => {
  it('names the columns in the order they are written', () => {
    expect(lagFeatureNames(spec)).toEqual(['lag1', 'lag2', 'seasonalLag1', 'seasonalLag2', 'rollingMean3', 'rollingStd3', 'seasonPosition', 'series']);
  });

  it('matches hand-computed rows for one step ahead and for direct steps 3 and 5', () => {
    const history = y.subarray(0, 6); // 10 … 60; the origin is index 6
    // step 1, target index 6: lags 60, 50; same season 4 and 8 back: y[2] = 30, y[−2] missing;
    // mean of 40, 50, 60 = 50, sample std 10; 6 mod 4 = 2; the static value.
    expect(row(history, 1)).toEqual([60, 50, 30, NaN, 50, 10, 2, 7]);
    // step 3, target index 8: lags stay the last known values; same season: y[4] = 50, y[0] = 10.
    expect(row(history, 3)).toEqual([60, 50, 50, 10, 50, 10, 0, 7]);
    // step 5, target index 10: the same season one cycle back is index 6, not yet known, so y[2] = 30.
    expect(row(history, 5)).toEqual([60, 50, 30, NaN, 50, 10, 2, 7]);
  });

  it('marks values before the start of the series as missing', () => {
    expect(row(y.subarray(0, 1), 1)).toEqual([10, NaN, NaN, NaN, NaN, NaN, 1, 7]);
  });

  it('never reads a value at or after the origin', () => {
    const rng = mulberry32(3);
    const series = Float64Array.from({ length: 60 }, () => rng());
    for (let origin = 1; origin < 60; origin++) {
      const future = Float64Array.from(series);
      for (let t = origin; t < 60; t++) future[t] = 1e9 + t;
      for (const step of [1, 4, 9]) expect(row(future.subarray(0, origin), step)).toEqual(row(series.subarray(0, origin), step));
    }
  });

  it('builds training rows whose lag and rolling-mean features all come before the target', () => {
    // Strictly increasing series with distinct values: any feature reading the target or a later
    // value would exceed the last value before its origin.
    const series = [Float64Array.from({ length: 30 }, (_, t) => t * t + 1), Float64Array.from({ length: 25 }, (_, t) => 1000 + 3 * t)];
    const names = lagFeatureNames(spec);
    const pastColumns = names.map((n, c) => (/^(lag|seasonalLag|rollingMean)/.test(n) ? c : -1)).filter((c) => c >= 0);
    for (const step of [1, 3]) {
      const set = buildLagTrainingSet({ spec, series, statics: [0, 1], starts: null, frequency: null }, step, false);
      expect(set.rows).toBe(30 - 3 - step + 1 + (25 - 3 - step + 1));
      for (let r = 0; r < set.rows; r++) {
        const s = series[set.seriesIndex[r]];
        const origin = set.origin[r];
        expect(set.y[r]).toBe(s[origin + step - 1]);
        for (const c of pastColumns) {
          const v = set.x[r * set.cols + c];
          if (!Number.isNaN(v)) expect(v).toBeLessThanOrEqual(Math.fround(s[origin - 1]));
        }
      }
    }
    const differenced = buildLagTrainingSet({ spec, series, statics: [0, 1], starts: null, frequency: null }, 2, true);
    expect(differenced.y[0]).toBe(series[0][4] - series[0][2]); // origin 3, target index 4, last known index 2
  });

  it('writes calendar parts of the target time from a start and a frequency', () => {
    const daily: LagFeatureSpec = { ...spec, seasonalLags: 0, calendar: 'day', staticFeature: false };
    const start = Date.UTC(2024, 11, 28); // Saturday 28 December 2024
    const time = timeOfIndex(start, 6, 'day'); // target index 6: Friday 3 January 2025, ISO week 1
    const r = row(y.subarray(0, 6), 1, daily, time);
    expect(r.slice(-4)).toEqual([5, 3, 1, 1]);
    expect(calendarFeatureNames('day')).toEqual(['dayOfWeek', 'dayOfMonth', 'month', 'weekOfYear']);
    expect(new Date(timeOfIndex(Date.UTC(2023, 10, 15), 3, 'month')).toISOString()).toBe('2024-02-15T00:00:00.000Z');
    expect(isoWeek(Date.UTC(2021, 0, 3))).toBe(53); // Sunday 3 January 2021 belongs to 2020's week 53
    expect(isoWeek(Date.UTC(2024, 11, 30))).toBe(1); // Monday 30 December 2024 starts 2025's week 1
  });

  it('rejects a bad specification naming the field', () => {
    expect(() => checkLagFeatureSpec({ ...spec, lags: [0] })).toThrow(MlInputError);
    expect(() => checkLagFeatureSpec({ ...spec, seasonLength: 1 })).toThrow(/seasonalLags/);
    expect(() => checkLagFeatureSpec({ ...spec, windows: [3, 3] })).toThrow(/windows/);
  });
});
