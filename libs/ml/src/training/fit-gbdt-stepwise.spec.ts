import { MlCancelledError } from '../errors/ml-input.error';
import { fitGbdt } from '../models/gbdt/fit-gbdt';
import type { GbdtObjective, GbdtParams } from '../models/gbdt/gbdt-params';
import { mulberry32, randomNormal } from '../random/prng';
import { fitGbdtStepwise } from './fit-gbdt-stepwise';

function data(objective: GbdtObjective, rows: number, seed: number) {
  const rng = mulberry32(seed);
  const cols = 4;
  const x = Float32Array.from({ length: rows * cols }, () => (rng() < 0.1 ? NaN : randomNormal(rng)));
  const y = Float64Array.from({ length: rows }, (_, r) => {
    const s = (x[r * cols] || 0) + Math.sin(x[r * cols + 1] || 0) + 0.3 * randomNormal(rng);
    if (objective === 'regression') return s;
    if (objective === 'binary') return s > 0.5 ? 1 : 0;
    return s < 0 ? 0 : s < 1 ? 1 : 2;
  });
  return { x, y, rows, cols };
}

describe('fitGbdtStepwise', () => {
  it.each<[GbdtObjective, GbdtParams]>([
    ['regression', { maxIterations: 60, rowSubsample: 0.7, featureSubsample: 0.75, earlyStoppingRounds: 5 }],
    ['binary', { maxIterations: 25, growth: 'depthwise', maxDepth: 3 }],
    ['multiclass', { maxIterations: 20, rowSubsample: 0.8, nClasses: 3 }],
  ])('grows exactly the model fitGbdt grows (%s), reporting every round and the last one as last', async (objective, params) => {
    const train = data(objective, 400, 1);
    const valid = data(objective, 150, 2);
    const validation = { x: valid.x, rows: valid.rows, y: valid.y };
    const p = { ...params, objective };
    const reference = fitGbdt(train.x, train.rows, train.cols, train.y, p, validation);
    const steps: [number, number, boolean][] = [];
    const stepwise = await fitGbdtStepwise(train.x, train.rows, train.cols, train.y, p, validation, {
      onIteration: (iteration, loss, last) => void steps.push([iteration, loss, last]),
    });
    expect(JSON.stringify(stepwise.toJSON())).toBe(JSON.stringify(reference.toJSON()));
    if (objective === 'regression') expect(reference.bestIteration).toBeLessThan(reference.trainingHistory.length); // early stopping ran
    expect(steps.map(([i]) => i)).toEqual(reference.trainingHistory.map((h) => h.iteration));
    expect(steps.map(([, loss]) => loss)).toEqual(reference.trainingHistory.map((h) => h.trainLoss));
    expect(steps.map(([, , last]) => last)).toEqual(steps.map((_, i) => i === steps.length - 1));
  });

  it('stops between rounds once its signal is aborted', async () => {
    const train = data('regression', 300, 3);
    const controller = new AbortController();
    let rounds = 0;
    const run = fitGbdtStepwise(train.x, train.rows, train.cols, train.y, { maxIterations: 200, earlyStoppingRounds: 0 }, undefined, {
      signal: controller.signal,
      onIteration: (iteration) => {
        rounds = iteration;
        if (iteration === 4) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(MlCancelledError);
    expect(rounds).toBe(4);
  });

  it('lets the event loop run between rounds, so an abort from a timer (a worker polling for cancellation) is seen', async () => {
    const train = data('regression', 300, 4);
    const controller = new AbortController();
    let rounds = 0;
    setTimeout(() => controller.abort(), 5);
    const run = fitGbdtStepwise(train.x, train.rows, train.cols, train.y, { maxIterations: 5000, earlyStoppingRounds: 0, minSamplesLeaf: 1 }, undefined, {
      signal: controller.signal,
      onIteration: (iteration) => void (rounds = iteration),
    });
    await expect(run).rejects.toBeInstanceOf(MlCancelledError);
    expect(rounds).toBeGreaterThan(0);
    expect(rounds).toBeLessThan(5000);
  });
});
