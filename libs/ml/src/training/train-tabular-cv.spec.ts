import { decodeJsonArtifact } from '../artifact/json-artifact-codec';
import { loadModel } from '../artifact/load-model';
import { initMlBackend } from '../backend/ml-backend';
import { MlCancelledError, MlInputErrorCode } from '../errors/ml-input.error';
import type { Row } from '../frame/row';
import { mulberry32, randomNormal } from '../random/prng';
import { selectionLoss } from './tabular-evaluation';
import { inputError, regressionRows, summary } from './tabular.fixtures';
import { trainTabularModel, type TrainTabularResult } from './train-tabular-model';

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const std = (values: readonly number[]) => Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));

function foldLine(r: TrainTabularResult, metric: string): string {
  const e = r.evaluation;
  return (
    `${e.kind} ×${e.folds}: ${r.algorithm} ${metric} ${r.metrics[metric].toFixed(3)} ± ${e.metricsStd![metric].toFixed(3)} ` +
    `(baseline ${r.baseline.metrics[metric].toFixed(3)} ± ${e.baselineStd![metric].toFixed(3)}); per fold ` +
    e.perFold!.map((f) => `${f.algorithm} ${f.metrics[metric].toFixed(3)} on ${f.testRows}`).join(', ')
  );
}

/**
 * Daily demand that wanders (a random walk) with a weekly pattern, and a temperature reading
 * unrelated to it. Shuffled folds see the days on either side of every test day, so a model of
 * the date interpolates; a model trained on the past only can extrapolate at best.
 */
function wanderingDemand(days: number, seed: number): Row[] {
  const rng = mulberry32(seed);
  let level = 100;
  const rows: Row[] = [];
  for (let d = 0; d < days; d++) {
    level += 3 * randomNormal(rng);
    rows.push({ day: new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10), temperature: 15 + 5 * randomNormal(rng), demand: level + (d % 7 >= 5 ? -10 : 0) });
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

describe('trainTabularModel with cross-validation', () => {
  beforeAll(() => initMlBackend());

  it('kfold: reports the mean ± std over 5 folds of each fold’s own choice, tests every row once, refits the chosen family on all rows', async () => {
    const rows = regressionRows(600, 3, 'xor');
    const result = await trainTabularModel(rows, { task: 'regression', target: 'y', split: { kind: 'kfold' }, params: { epochs: 4, hiddenUnits: [16] } });
    console.log(`${summary('xor regression, kfold', result)}\n  ${foldLine(result, 'rmse')}`);
    const e = result.evaluation;
    expect(e).toMatchObject({ kind: 'kfold', folds: 5, testRows: 600 });
    expect(e.perFold!.map((f) => f.testRows)).toEqual([120, 120, 120, 120, 120]);
    expect(e.perFold!.map((f) => f.trainRows + f.validationRows)).toEqual([480, 480, 480, 480, 480]);
    const perFold = e.perFold!.map((f) => f.metrics['rmse']);
    expect(result.metrics['rmse']).toBeCloseTo(mean(perFold), 12);
    expect(e.metricsStd!['rmse']).toBeCloseTo(std(perFold), 12);
    expect(result.metrics['rmse']).toBeLessThan(0.4 * result.baseline.metrics['rmse']);
    // The family refitted is the one with the lowest validation RMSE averaged over the folds.
    expect(result.candidates.map((c) => c.algorithm)).toEqual(['linear', 'gbdt', 'mlp']);
    const best = result.candidates.reduce((a, c) => (selectionLoss('regression', c.validation) < selectionLoss('regression', a.validation) ? c : a));
    expect(result.algorithm).toBe(best.algorithm);
    expect(result.algorithm).toBe('gbdt');
    // No rows are left to stop the refit early: it runs the rounds early stopping kept in the folds.
    expect(result.params).toMatchObject({ earlyStoppingRounds: 0 });
    expect(result.params['maxIterations']).toBeLessThanOrEqual(100);
    const stored = decodeJsonArtifact(result.artifact);
    expect(stored.trainingData).toMatchObject({ trainRows: 600, testRows: 600 });
    expect(stored.metrics).toEqual(result.metrics);
    expect((stored.model as { bestIteration: number }).bestIteration).toBe(result.params['maxIterations']);
    // Cross-conformal: calibrated on the 600 out-of-fold residuals.
    expect(stored.conformal?.calibrationSize).toBe(600);
    expect(result.intervals!.map((i) => i.level)).toEqual([80, 95]);
    const model = loadModel(result.artifact);
    const [different, same] = model.predict([{ x1: 1, x2: -1 }, { x1: 1, x2: 1 }]);
    expect(different).toBeGreaterThan(7);
    expect(Math.abs(same)).toBeLessThan(3);
  }, 60_000);

  it("'auto' keeps linear on a small linear problem, chosen by the mean validation loss of 5 folds", async () => {
    const result = await trainTabularModel(regressionRows(80, 5, 'linear'), { task: 'regression', target: 'y', split: { kind: 'kfold', folds: 5 }, params: { epochs: 4, hiddenUnits: [8] } });
    console.log(`  ${foldLine(result, 'rmse')}`);
    expect(result.algorithm).toBe('linear');
    expect(result.evaluation.perFold!.every((f) => f.algorithm === 'linear')).toBe(true);
    expect(result.metrics['r2']).toBeGreaterThan(0.9);
  });

  it('time: evaluates on later days only, so a wandering series scores far worse than with shuffled folds', async () => {
    const rows = wanderingDemand(400, 21);
    const base = { task: 'regression' as const, target: 'demand', algorithm: 'gbdt' as const };
    const shuffled = await trainTabularModel(rows, { ...base, split: { kind: 'kfold', folds: 4 } });
    const byTime = await trainTabularModel(rows, { ...base, split: { kind: 'time', column: 'day', folds: 4 } });
    console.log(`wandering demand — ${foldLine(shuffled, 'rmse')}\n  ${foldLine(byTime, 'rmse')}`);
    // Shuffled folds leak the neighbouring days into training; rolling origin does not.
    expect(byTime.metrics['rmse']).toBeGreaterThan(2 * shuffled.metrics['rmse']);
    const e = byTime.evaluation;
    expect(e).toMatchObject({ kind: 'time', folds: 4, testRows: 320, rowsDroppedMissingTime: 0 });
    expect(e.perFold!.map((f) => f.testRows)).toEqual([80, 80, 80, 80]);
    // Each origin trains on everything before its block: 80 more rows each time.
    expect(e.perFold!.map((f) => f.trainRows + f.validationRows)).toEqual([80, 160, 240, 320]);
    const periods = e.perFold!.map((f) => f.period!);
    expect(periods[0].from).toBe(Date.UTC(2025, 0, 81));
    periods.slice(1).forEach((p, i) => expect(p.from).toBeGreaterThan(periods[i].to));
    expect(periods[3].to).toBe(Date.UTC(2025, 0, 400));
  }, 60_000);

  it('counts progress over every fold and the refit, and stops between steps when cancelled', async () => {
    const steps: [number, number][] = [];
    await trainTabularModel(regressionRows(200, 14, 'mixed'), {
      task: 'regression',
      target: 'y',
      algorithm: 'gbdt',
      split: { kind: 'kfold', folds: 3 },
      params: { maxIterations: 20 },
      hooks: { onEpoch: (step, total) => void steps.push([step, total]) },
    });
    expect(steps.map(([s]) => s)).toEqual(steps.map((_, i) => i + 1));
    expect(steps[0][1]).toBe(4 * 20); // 3 folds and the refit, 20 rounds each at most
    expect(steps.at(-1)![0]).toBe(steps.at(-1)![1]);

    const controller = new AbortController();
    const run = trainTabularModel(regressionRows(200, 14, 'mixed'), {
      task: 'regression',
      target: 'y',
      split: { kind: 'kfold', folds: 3 },
      hooks: { signal: controller.signal, onEpoch: (step) => void (step === 30 && controller.abort()) },
    });
    await expect(run).rejects.toBeInstanceOf(MlCancelledError);
  });

  it('refuses what the splits cannot do, naming the field', async () => {
    const rows = regressionRows(60, 2, 'linear');
    const options = { task: 'regression' as const, target: 'y' };
    await inputError(trainTabularModel(rows, { ...options, split: { kind: 'kfold' }, search: { strategy: 'random', trials: 2 } }), MlInputErrorCode.InvalidParameter, 'search');
    await inputError(trainTabularModel(rows, { ...options, split: { kind: 'time', column: 'when' } }), MlInputErrorCode.InvalidParameter, 'split.column');
    await inputError(trainTabularModel(rows.slice(0, 12), { ...options, split: { kind: 'time', column: 'x1', folds: 10 } }), MlInputErrorCode.InvalidParameter, 'split.folds');
    await inputError(trainTabularModel(rows, { ...options, split: { kind: 'kfold', folds: 12 } }), MlInputErrorCode.InvalidParameter, 'split.folds');
  });
});
