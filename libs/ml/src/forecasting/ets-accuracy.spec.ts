import { mulberry32, randomNormal } from '../random';
import { SeasonalNaiveForecaster } from './baseline-forecasters';
import { EtsForecaster } from './ets-forecaster';
import { mase, smape } from '../metrics/classification';

describe('ETS against the seasonal naive benchmark', () => {
  it('has the lower MASE on the last 12 months of trending seasonal series', () => {
    const rng = mulberry32(77);
    const count = 40;
    let etsMase = 0;
    let naiveMase = 0;
    let etsSmape = 0;
    let naiveSmape = 0;
    for (let i = 0; i < count; i++) {
      const base = 100 + 400 * rng();
      const slope = base * 0.004 * rng();
      const amplitude = base * (0.1 + 0.2 * rng());
      const phase = 2 * Math.PI * rng();
      const y = Float64Array.from({ length: 120 }, (_, t) => base + slope * t + amplitude * Math.sin((2 * Math.PI * t) / 12 + phase) + 0.04 * base * randomNormal(rng));
      const training = y.subarray(0, 108);
      const actual = y.subarray(108);
      const [ets, naive] = [new EtsForecaster({ period: 12 }), new SeasonalNaiveForecaster(12)].map(
        (forecaster) => forecaster.fit(training).forecast(12, { levels: [] }).mean,
      );
      etsMase += mase(actual, ets, training, 12) / count;
      naiveMase += mase(actual, naive, training, 12) / count;
      etsSmape += smape(actual, ets) / count;
      naiveSmape += smape(actual, naive) / count;
    }
    console.log(
      `${count} series, last 12 months held out: MASE ETS ${etsMase.toFixed(3)} vs seasonal naive ${naiveMase.toFixed(3)}; ` +
        `sMAPE ${(100 * etsSmape).toFixed(2)}% vs ${(100 * naiveSmape).toFixed(2)}%`,
    );
    expect(etsMase).toBeLessThan(0.9 * naiveMase);
    expect(etsSmape).toBeLessThan(naiveSmape);
  });
});
