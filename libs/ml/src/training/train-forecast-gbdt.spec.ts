import { decodeForecastArtifact, ForecastModel } from '../artifact/forecast-artifact';
import { MlInputError } from '../errors/ml-input.error';
import { syntheticPanel } from '../forecasting/global/panel.fixtures';
import { trainForecastModel, type TrainForecastResult } from './train-forecast-model';

/** Monthly sales of `stores` stores from January 2017 (the shared seasonal panel of the global GBDT spec), as rows. */
function storeRows(stores: number, months: number, seed: number): Record<string, unknown>[] {
  return syntheticPanel(stores, months, seed).flatMap((values, s) =>
    Array.from(values, (sales, t) => ({ store: `store-${s}`, month: new Date(Date.UTC(2017, t, 1)).toISOString().slice(0, 10), sales })),
  );
}

const fmt = (m: Record<string, number>) => `MASE ${m['mase'].toFixed(3)}, sMAPE ${m['smape'].toFixed(3)}, coverage95 ${m['coverage95'].toFixed(3)}`;
const line = (name: string, r: TrainForecastResult) =>
  `${name} → ${r.algorithm}: ${fmt(r.metrics)} vs seasonal naive ${fmt(r.baseline.metrics)}` +
  (r.candidates.length ? `; validation ${r.candidates.map((c) => `${c.algorithm} ${c.validation['mase'].toFixed(3)}`).join(', ')}` : '');
const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

describe('trainForecastModel with the global GBDT', () => {
  const options = { target: 'sales', timestampColumn: 'month', seriesColumn: 'store', horizon: 12 };

  it('beats seasonal naive on a held-out year of 60 trending seasonal series, and serves every series from the artifact', async () => {
    const rows = storeRows(60, 96, 7);
    const started = performance.now();
    const result = await trainForecastModel(rows, { ...options, algorithm: 'gbdt' });
    console.log(`${line('60 stores × 96 months, gbdt', result)} (${(performance.now() - started).toFixed(0)} ms)`);
    expect(result.metrics['mase']).toBeLessThan(0.85 * result.baseline.metrics['mase']);
    expect(result.metrics['coverage95']).toBeGreaterThan(0.85);
    expect(result.params).toMatchObject({ seasonLength: 12, frequency: 'monthly', horizon: 12, folds: 1, gbdt: { strategy: 'recursive', calibrationWindows: 2 } });
    expect(result.series).toHaveLength(60);

    const artifact = decodeForecastArtifact(result.artifact);
    expect(artifact.info).toMatchObject({ algorithm: 'gbdt', seriesColumn: 'store', horizon: 12, levels: [80, 95] });
    expect(artifact.series['store-3'].model).toBe('global GBDT (recursive, 60 series)');
    const model = ForecastModel.fromBytes(result.artifact);
    const path = model.forecast({ store: 'store-3' })!;
    expect(new Date(path[0].timestamp).toISOString().slice(0, 10)).toBe('2025-01-01');
    for (const step of path) {
      const [i80, i95] = step.intervals;
      expect(Number.isFinite(i95.lower) && Number.isFinite(i95.upper)).toBe(true);
      expect(i95.lower).toBeLessThan(i80.lower);
      expect(i80.lower).toBeLessThan(step.value);
      expect(i95.upper).toBeGreaterThan(i80.upper);
    }
  }, 60_000);

  it("'auto' compares it with ETS and seasonal naive once there are enough series, and keeps the lowest validation MASE", async () => {
    const rows = storeRows(20, 84, 11);
    const result = await trainForecastModel(rows, { ...options, horizon: 6 });
    console.log(line('20 stores × 84 months, auto', result));
    expect(result.candidates.map((c) => c.algorithm)).toEqual(['seasonal_naive', 'ets', 'gbdt']);
    const best = result.candidates.reduce((a, c) => (c.validation['mase'] < a.validation['mase'] ? c : a));
    expect(result.algorithm).toBe(best.algorithm);
    expect(result.candidates.find((c) => c.algorithm === 'gbdt')!.validation['mase']).toBeLessThan(
      result.candidates.find((c) => c.algorithm === 'seasonal_naive')!.validation['mase'],
    );
    // Four series are too few to learn one model across: 'auto' leaves the GBDT out.
    const few = await trainForecastModel(storeRows(4, 84, 11), { ...options, horizon: 6 });
    expect(few.candidates.map((c) => c.algorithm)).toEqual(['seasonal_naive', 'ets']);
  }, 60_000);

  it('rolling origins: reports the mean over 3 test windows of the method each validation window chose', async () => {
    const rows = storeRows(12, 72, 5);
    const result = await trainForecastModel(rows, { ...options, horizon: 6, split: { kind: 'time', folds: 3 } });
    const e = result.evaluation;
    console.log(
      `${line('12 stores × 72 months, 3 origins', result)}\n  per origin: ` +
        e.perFold.map((f) => `last ${f.stepsBeforeEnd} months → ${f.algorithm} MASE ${f.metrics['mase'].toFixed(3)}`).join('; ') +
        ` (± ${e.metricsStd['mase'].toFixed(3)})`,
    );
    expect(e.perFold.map((f) => f.stepsBeforeEnd)).toEqual([6, 12, 18]);
    expect(result.metrics['mase']).toBeCloseTo(mean(e.perFold.map((f) => f.metrics['mase'])), 12);
    expect(result.params).toMatchObject({ folds: 3 });

    // One origin is the single validation-then-test window: the same scores as folds = 1.
    const single = await trainForecastModel(rows, { ...options, horizon: 6, algorithm: 'seasonal_naive' });
    const latest = await trainForecastModel(rows, { ...options, horizon: 6, algorithm: 'seasonal_naive', split: { kind: 'time', folds: 1 } });
    expect(latest.metrics).toEqual(single.metrics);
    expect(single.evaluation.perFold).toHaveLength(1);
  }, 60_000);

  it('with few series holds back more calibration windows, and skips series too short for them', async () => {
    const rows = [...storeRows(2, 96, 3), ...storeRows(1, 30, 4).map((r) => ({ ...r, store: 'new store' }))];
    const result = await trainForecastModel(rows, { ...options, horizon: 3, algorithm: 'gbdt' });
    console.log(line('2 stores × 96 months, gbdt', result));
    // 2 series × 10 windows = 20 scores per step: the fewest with a finite 95% quantile.
    expect(result.params).toMatchObject({ gbdt: { calibrationWindows: 10 } });
    expect(result.series).toEqual(['store-0', 'store-1']);
    expect(result.trainingData.seriesSkipped).toEqual(['new store']);
  }, 60_000);

  it('refuses splits a forecast cannot take, naming the field', async () => {
    const rows = storeRows(3, 48, 1);
    const refused = (split: unknown) => trainForecastModel(rows, { ...options, split: split as never }).then(() => undefined, (e: unknown) => e as MlInputError);
    expect(await refused({ kind: 'kfold', folds: 3 })).toMatchObject({ field: 'split.kind' });
    expect(await refused({ kind: 'time', folds: 11 })).toMatchObject({ field: 'split.folds' });
    expect(await refused({ kind: 'time', column: 'store' })).toMatchObject({ field: 'split.column' });
    expect(await refused({ kind: 'time', folds: 4 })).toMatchObject({ field: 'rows', message: expect.stringMatching(/no series has the 73 monthly steps needed for 4 12-step/) });
  });
});
