import { MlInputError } from '../../errors';
import { mase } from '../../metrics/classification/forecast-metrics';
import { intervalCoverage } from '../../metrics/classification/interval-metrics';
import { mulberry32, randomNormal } from '../../random/prng';
import { SeasonalNaiveForecaster } from '../baseline-forecasters';
import { EtsForecaster } from '../ets-forecaster';
import { GlobalGbdtForecaster } from './global-gbdt-forecaster';
import { lagFeatureNames, writeLagFeatures, type LagFeatureSpec } from './lag-features';
import { syntheticPanel } from './panel.fixtures';

const H = 12;
/** What the forecaster builds for seasonLength 12 and no other feature option. */
const MONTHLY_DEFAULTS: LagFeatureSpec = { lags: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], seasonLength: 12, seasonalLags: 1, windows: [12], calendar: null, staticFeature: false };
const panel = syntheticPanel(200, 120, 7);
const train = panel.map((y) => y.subarray(0, 120 - H));
const test = panel.map((y) => y.subarray(120 - H));

function meanMase(forecasts: readonly Float64Array[]): number {
  return forecasts.reduce((sum, f, i) => sum + mase(test[i], f, train[i], 12), 0) / forecasts.length;
}

function meanAbs(y: Float64Array): number {
  return y.reduce((s, v) => s + Math.abs(v), 0) / y.length;
}

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

describe('GlobalGbdtForecaster', () => {
  it('beats seasonal naive on MASE over a held-out year of 200 trending seasonal series, with both strategies', () => {
    const naive = meanMase(train.map((y) => new SeasonalNaiveForecaster(12).fit(y).forecast(H, { levels: [] }).mean));
    const [ets, etsMs] = timed(() => meanMase(train.map((y) => new EtsForecaster({ period: 12 }).fit(y).forecast(H, { levels: [] }).mean)));
    const [recursive, recursiveMs] = timed(() =>
      meanMase(new GlobalGbdtForecaster({ horizon: H, seasonLength: 12, strategy: 'recursive' }).fit(train).forecast(H).map((f) => f.mean)),
    );
    // Twelve models: fewer, larger boosting steps keep the spec quick.
    const [direct, directMs] = timed(() =>
      meanMase(
        new GlobalGbdtForecaster({ horizon: H, seasonLength: 12, strategy: 'direct', gbdt: { maxIterations: 80, learningRate: 0.12 } })
          .fit(train)
          .forecast(H)
          .map((f) => f.mean),
      ),
    );
    const [levels] = timed(() =>
      meanMase(
        new GlobalGbdtForecaster({ horizon: H, seasonLength: 12, differencing: false, meanScaling: true }).fit(train).forecast(H).map((f) => f.mean),
      ),
    );
    console.log(
      `200 series × 108 months, next 12 held out — mean MASE: seasonal naive ${naive.toFixed(3)}, ETS ${ets.toFixed(3)} (${etsMs.toFixed(0)} ms), ` +
        `global GBDT recursive ${recursive.toFixed(3)} (${recursiveMs.toFixed(0)} ms), direct ${direct.toFixed(3)} (${directMs.toFixed(0)} ms); ` +
        `recursive without differencing ${levels.toFixed(3)}`,
    );
    expect(recursive).toBeLessThan(0.85 * naive);
    expect(direct).toBeLessThan(0.85 * naive);
    expect(recursive).toBeLessThan(levels); // the documented reason differencing is the default
  }, 120_000);

  it('feeds each recursive forecast back in as lag 1 of the next step', () => {
    const series = train.slice(0, 40);
    const f = new GlobalGbdtForecaster({ horizon: 3, seasonLength: 12, differencing: false, meanScaling: false, gbdt: { maxIterations: 30 } }).fit(series);
    expect(f.featureNames).toEqual(lagFeatureNames(MONTHLY_DEFAULTS));
    const forecasts = f.forecast(3);
    const [model] = f.models;
    const cols = f.featureNames.length;
    const extended = new Float64Array(series[5].length + 3);
    extended.set(series[5]);
    for (let step = 0; step < 3; step++) {
      const x = new Float32Array(cols);
      writeLagFeatures(extended.subarray(0, series[5].length + step), 1, MONTHLY_DEFAULTS, 0, 0, x, 0);
      extended[series[5].length + step] = model.predict(x, 1)[0];
      expect(forecasts[5].mean[step]).toBe(extended[series[5].length + step]);
    }
    expect(forecasts[5].mean[1]).not.toBe(forecasts[5].mean[0]);
  });

  it('is deterministic under a seed and changes with it when rows are subsampled', () => {
    const series = train.slice(0, 60);
    const options = { horizon: 6, seasonLength: 12, gbdt: { maxIterations: 40, rowSubsample: 0.7, featureSubsample: 0.8, seed: 11 } };
    const a = new GlobalGbdtForecaster(options).fit(series).forecast(6);
    const b = new GlobalGbdtForecaster(options).fit(series).forecast(6);
    const c = new GlobalGbdtForecaster({ ...options, gbdt: { ...options.gbdt, seed: 12 } }).fit(series).forecast(6);
    expect(b.map((f) => Array.from(f.mean))).toEqual(a.map((f) => Array.from(f.mean)));
    expect(c.map((f) => Array.from(f.mean))).not.toEqual(a.map((f) => Array.from(f.mean)));
  });

  it('gives split-conformal intervals from rolling-origin windows that cover held-out values near their level', () => {
    const f = new GlobalGbdtForecaster({ horizon: H, seasonLength: 12, calibrationWindows: 2 }).fit(train);
    const forecasts = f.forecast(H);
    const coverage = [80, 95].map((level, k) => {
      const actual = Float64Array.from(test.flatMap((y) => Array.from(y)));
      const lower = Float64Array.from(forecasts.flatMap((fc) => Array.from(fc.intervals[k].lower)));
      const upper = Float64Array.from(forecasts.flatMap((fc) => Array.from(fc.intervals[k].upper)));
      expect(forecasts[0].intervals[k].level).toBe(level);
      return intervalCoverage(actual, lower, upper);
    });
    console.log(`conformal intervals from 2 rolling-origin windows × 200 series: coverage 80% → ${(100 * coverage[0]).toFixed(1)}%, 95% → ${(100 * coverage[1]).toFixed(1)}%`);
    expect(coverage[0]).toBeGreaterThan(0.7);
    expect(coverage[0]).toBeLessThan(0.92);
    expect(coverage[1]).toBeGreaterThan(0.88);
    // Normalised scores: a series five times as large gets intervals five times as wide.
    const [small, large] = [0, 1].map((k) => train.findIndex((y) => (k === 0 ? meanAbs(y) < 100 : meanAbs(y) > 400)));
    const width = (i: number) => forecasts[i].intervals[0].upper[0] - forecasts[i].intervals[0].lower[0];
    expect(width(large) / width(small)).toBeCloseTo(meanAbs(train[large]) / meanAbs(train[small]), 6);
  });

  it('uses calendar features from start times and a frequency, and a static series encoding', () => {
    // Daily series that jump on the first of each month (pay day): no lag can tell when that
    // is, since months differ in length and the series start on different days.
    const rng = mulberry32(5);
    const starts = Array.from({ length: 80 }, (_, i) => Date.UTC(2024, 0, 1 + (i % 27)));
    const series = starts.map((start) => {
      const level = 20 + 80 * rng();
      return Float64Array.from({ length: 155 }, (_, t) => level * (new Date(start + t * 86_400_000).getUTCDate() === 1 ? 2 : 1) * (1 + 0.05 * randomNormal(rng)));
    });
    const history = series.map((s) => s.subarray(0, 120));
    const actual = series.map((s) => s.subarray(120));
    const score = (forecasts: readonly { mean: Float64Array }[]) => forecasts.reduce((sum, fc, i) => sum + mase(actual[i], fc.mean, history[i], 7), 0) / forecasts.length;
    const calendar = new GlobalGbdtForecaster({ horizon: 35, lags: [1, 2, 3], windows: [7], frequency: 'day', seriesEncoding: 'target-mean' });
    expect(calendar.featureNames).toEqual(['lag1', 'lag2', 'lag3', 'rollingMean7', 'rollingStd7', 'dayOfWeek', 'dayOfMonth', 'month', 'weekOfYear', 'series']);
    const withCalendar = score(calendar.fit(history, starts).forecast(35));
    const without = score(new GlobalGbdtForecaster({ horizon: 35, lags: [1, 2, 3], windows: [7], seriesEncoding: 'ordinal' }).fit(history).forecast(35));
    console.log(`daily series with a first-of-month jump, 35 days ahead: MASE with calendar features ${withCalendar.toFixed(3)}, without ${without.toFixed(3)}`);
    expect(withCalendar).toBeLessThan(0.8 * without);
    expect(() => calendar.fit(history)).toThrow(/starts/);
  });

  it('rejects bad input with an error naming the field', () => {
    const short = [...train.slice(0, 3), Float64Array.from([1, 2, 3])];
    expect(() => new GlobalGbdtForecaster({ horizon: H, seasonLength: 12 }).fit(short)).toThrow(expect.objectContaining({ field: 'series[3]' }));
    expect(() => new GlobalGbdtForecaster({ horizon: 0 })).toThrow(MlInputError);
    expect(() => new GlobalGbdtForecaster({ horizon: 2, strategy: 'sideways' as never })).toThrow(/strategy/);
    const direct = new GlobalGbdtForecaster({ horizon: 2, seasonLength: 12, strategy: 'direct', gbdt: { maxIterations: 5 } }).fit(train.slice(0, 20));
    expect(() => direct.forecast(3)).toThrow(expect.objectContaining({ field: 'h' }));
    expect(() => direct.forecast(2, { levels: [80] })).toThrow(/calibrationWindows/);
    expect(() => new GlobalGbdtForecaster({ horizon: 2 }).forecast(1)).toThrow(/fit/);
  });

  it('fits and forecasts 1,000 series × 120 points (timing)', () => {
    const big = syntheticPanel(1000, 120, 99);
    const forecaster = new GlobalGbdtForecaster({ horizon: H, seasonLength: 12 });
    const [, fitMs] = timed(() => forecaster.fit(big));
    const [forecasts, forecastMs] = timed(() => forecaster.forecast(H));
    console.log(`1,000 series × 120 points, recursive, ${lagFeatureNames(MONTHLY_DEFAULTS).length} features, 200 rounds: fit ${fitMs.toFixed(0)} ms, forecast 12 steps ${forecastMs.toFixed(0)} ms`);
    expect(forecasts).toHaveLength(1000);
    expect(forecasts.every((f) => f.mean.every(Number.isFinite))).toBe(true);
  }, 60_000);
});
