import { loadServableModel, type ForecastModel } from '../artifact';
import { MlCancelledError, MlInputError } from '../errors/ml-input.error';
import { mulberry32 } from '../random/prng';
import { assembleSeries } from './forecast-series';
import { trainForecastModel } from './train-forecast-model';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Daily demand per school: weekly cycle (low weekends), a trend, noise; rows shuffled, messy. */
function schoolRows(seed = 7) {
  const rand = mulberry32(seed);
  const rows: Array<Record<string, unknown>> = [];
  const start = Date.UTC(2026, 0, 5);
  ['north high', 'oak elementary', 'river middle'].forEach((school, k) => {
    const level = 200 + 100 * k;
    for (let d = 0; d < 140; d++) {
      const weekday = d % 7;
      const seasonal = weekday >= 5 ? -120 : 15 * weekday;
      const meals = level + 1.5 * d + seasonal + (rand() - 0.5) * 20;
      rows.push({ 'School Name': school, 'Service Date': iso(start + d * DAY), 'Meals served': d === 30 ? '' : String(Math.round(meals)) });
    }
  });
  rows.push({ 'School Name': 'tiny annex', 'Service Date': iso(start), 'Meals served': 5 }, { 'School Name': 'tiny annex', 'Service Date': iso(start + DAY), 'Meals served': 6 });
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

describe('assembleSeries', () => {
  it('detects daily and monthly spacing, sums rows on one step and interpolates gaps', () => {
    const daily = assembleSeries(
      [
        { t: '2026-03-01', y: 1 },
        { t: '2026-03-02', y: 2 },
        { t: '2026-03-02T00:00:00Z', y: 3 },
        { t: '2026-03-03', y: 4 },
        { t: '2026-03-06', y: 8 },
        { t: 'not a date', y: 9 },
      ],
      { target: 'y', timestampColumn: 't' },
    );
    expect(daily.frequency).toEqual({ unit: 'ms', step: DAY });
    expect(Array.from(daily.series[0]!.values).map((v) => +v.toFixed(6))).toEqual([1, 5, 4, 5.333333, 6.666667, 8]);
    expect(daily.series[0]!.filled).toBe(2);
    expect(daily.rowsAggregated).toBe(1);
    expect(daily.rowsDropped).toBe(1);

    const monthly = assembleSeries(
      ['2025-01-31', '2025-02-28', '2025-03-31', '2025-05-31'].map((t, i) => ({ t, y: i, s: i % 2 ? 'b' : 'a' })),
      { target: 'y', timestampColumn: 't' },
    );
    expect(monthly.frequency).toEqual({ unit: 'month', step: 1 });
    expect(Array.from(monthly.series[0]!.values)).toEqual([0, 1, 2, 2.5, 3]);
  });

  it('names the column when no timestamp can be read', () => {
    expect(() => assembleSeries([{ day: 'monday', y: 1 }], { target: 'y', timestampColumn: 'day' })).toThrow(/no row has a readable timestamp in "day"/);
  });
});

describe('trainForecastModel', () => {
  it('beats seasonal naive on held-out weeks of messy daily series and serves 80/95% intervals', async () => {
    const rows = schoolRows();
    const result = await trainForecastModel(rows, { target: 'Meals served', timestampColumn: 'Service Date', seriesColumn: 'School Name', horizon: 14 });
    console.log(
      `forecast auto → ${result.algorithm}: ${JSON.stringify(result.metrics)} vs seasonal naive ${JSON.stringify(result.baseline.metrics)}; validation ${JSON.stringify(result.candidates)}`,
    );
    expect(result.algorithm).toBe('ets');
    expect(result.metrics['mase']).toBeLessThan(0.8 * result.baseline.metrics['mase']!);
    expect(result.metrics['coverage95']).toBeGreaterThan(0.8);
    expect(result.series.sort()).toEqual(['north high', 'oak elementary', 'river middle']);
    expect(result.trainingData).toMatchObject({ seriesSkipped: ['tiny annex'], stepsFilled: 3, rowsDropped: 3 });
    expect(result.params).toMatchObject({ seasonLength: 7, frequency: 'daily', horizon: 14 });

    const model = loadServableModel(result.artifact) as ForecastModel;
    expect(model.info).toMatchObject({ task: 'forecast', algorithm: 'ets', seriesColumn: 'School Name', horizon: 14 });
    const path = model.forecast({ 'School Name': ' north high ' }, 3);
    expect(path).toHaveLength(3);
    expect(path![0]!.timestamp).toBe(Date.UTC(2026, 0, 5) + 140 * DAY);
    for (const step of path!) {
      const [i80, i95] = step.intervals;
      expect(i95!.lower).toBeLessThan(i80!.lower);
      expect(i80!.lower).toBeLessThan(step.value);
      expect(i95!.upper).toBeGreaterThan(i80!.upper);
    }
    // A Saturday two weeks out is forecast low, like the Saturdays it learned from.
    const saturday = model.forecast({ 'School Name': 'north high' })!.find((s) => new Date(s.timestamp).getUTCDay() === 6)!;
    const friday = model.forecast({ 'School Name': 'north high' })!.find((s) => new Date(s.timestamp).getUTCDay() === 5)!;
    expect(saturday.value).toBeLessThan(friday.value - 80);
    expect(model.forecast({ 'School Name': 'unknown school' })).toBeNull();
    expect(Array.from(model.predict([{ 'School Name': 'oak elementary' }, {}])).map(Number.isFinite)).toEqual([true, false]);
  });

  it('forecasts one series without a series column, with the named algorithm', async () => {
    const rows = Array.from({ length: 48 }, (_, i) => ({ month: `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`, sales: 100 + 10 * Math.sin((2 * Math.PI * i) / 12) + i }));
    const result = await trainForecastModel(rows, { target: 'sales', timestampColumn: 'month', horizon: 6, algorithm: 'seasonal_naive' });
    expect(result).toMatchObject({ algorithm: 'seasonal_naive', candidates: [], params: { seasonLength: 12, frequency: 'monthly' } });
    const model = loadServableModel(result.artifact) as ForecastModel;
    const first = model.forecast({})![0]!;
    expect(new Date(first.timestamp).toISOString().slice(0, 10)).toBe('2026-01-01');
    expect(first.value).toBeCloseTo(rows[36]!.sales, 9);
  });

  it('refuses what cannot make a forecast, naming the input', async () => {
    const rows = schoolRows();
    const opts = { target: 'Meals served', timestampColumn: 'Service Date', seriesColumn: 'School Name' };
    await expect(trainForecastModel(rows, { ...opts, horizon: 0 })).rejects.toMatchObject({ field: 'horizon' });
    await expect(trainForecastModel(rows, { ...opts, horizon: 70 })).rejects.toThrow(/no series has the 148 daily steps/);
    await expect(trainForecastModel(rows, { ...opts, horizon: 7, algorithm: 'mlp' as never })).rejects.toBeInstanceOf(MlInputError);
    await expect(trainForecastModel(rows, { ...opts, target: 'School Name', horizon: 7 })).rejects.toMatchObject({ field: 'target' });
  });

  it('stops between series when cancelled, after reporting progress', async () => {
    const controller = new AbortController();
    const steps: Array<[number, number]> = [];
    const training = trainForecastModel(schoolRows(), {
      target: 'Meals served',
      timestampColumn: 'Service Date',
      seriesColumn: 'School Name',
      horizon: 7,
      hooks: {
        signal: controller.signal,
        onEpoch: (step, total) => {
          steps.push([step, total]);
          if (step === 2) controller.abort();
        },
      },
    });
    await expect(training).rejects.toBeInstanceOf(MlCancelledError);
    expect(steps).toEqual([
      [1, 15],
      [2, 15],
    ]);
  });
});
