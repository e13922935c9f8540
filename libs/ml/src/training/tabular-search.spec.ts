import { decodeArtifact } from '../artifact/artifact-codec';
import { loadModel } from '../artifact/load-model';
import { initMlBackend } from '../backend/ml-backend';
import { tfjs } from '../backend/tfjs';
import { MlCancelledError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import type { Row } from '../frame/row';
import { mulberry32, randomNormal } from '../random/prng';
import { GBDT_SEARCH_SPACE, LINEAR_SEARCH_SPACE, tabularSearchSpace, type TrialProgress } from './tabular-search';
import { trainTabularModel, type TrainTabularOptions, type TrainTabularResult } from './train-tabular-model';

/**
 * x0…x7 ~ N(0, 1). `additive`: y = Σ sin(1.5·xⱼ) + N(0, noise²), smooth and without
 * interactions, where the default 31-leaf trees spend their splits on interactions that are not
 * there. `label`: "a" with probability σ(x0 − x1 + 0.5·x2·x3), else "b".
 */
function additiveRows(n: number, seed: number, noise = 0.5): Row[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const x = Array.from({ length: 8 }, () => randomNormal(rng));
    const row: Row = Object.fromEntries(x.map((v, j) => [`x${j}`, v]));
    const z = x[0] - x[1] + 0.5 * x[2] * x[3];
    return { ...row, y: x.reduce((s, v) => s + Math.sin(1.5 * v), 0) + noise * randomNormal(rng), label: rng() < 1 / (1 + Math.exp(-z)) ? 'a' : 'b' };
  });
}

const regression = (rows: Row[], extra: Partial<TrainTabularOptions> = {}) => trainTabularModel(rows, { task: 'regression', target: 'y', features: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'], ...extra });

function describeSearch(r: TrainTabularResult): string {
  const s = r.search!;
  const count = (state: string) => s.trials.filter((t) => t.state === state).length;
  return `${s.strategy}: ${s.trials.length} trials (${count('complete')} complete, ${count('pruned')} pruned, ${count('failed')} failed), best #${s.bestTrial} ${s.metric} ${s.trials[s.bestTrial].value!.toFixed(4)} ${JSON.stringify(s.trials[s.bestTrial].params)}`;
}

async function inputError(promise: Promise<unknown>, field: string): Promise<MlInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MlInputError);
  expect({ code: (error as MlInputError).code, field: (error as MlInputError).field }).toEqual({ code: MlInputErrorCode.InvalidParameter, field });
  return error as MlInputError;
}

describe('trainTabularModel with search', () => {
  beforeAll(() => initMlBackend());

  it('beats the default GBDT on held-out rows when the defaults suit the data poorly', async () => {
    const rows = additiveRows(1500, 2);
    const defaults = await regression(rows, { algorithm: 'gbdt' });
    const steps: [number, number][] = [];
    const searched = await regression(rows, { algorithm: 'gbdt', search: { strategy: 'tpe', trials: 20 }, hooks: { onEpoch: (step, total) => void steps.push([step, total]) } });
    const s = searched.search!;
    console.log(
      `smooth additive signal, 1500 rows — held-out RMSE: default GBDT ${defaults.metrics['rmse'].toFixed(4)}, searched ${searched.metrics['rmse'].toFixed(4)} ` +
        `(validation ${defaults.candidates[0].validation['rmse'].toFixed(4)} → ${searched.candidates[0].validation['rmse'].toFixed(4)}; mean baseline ${searched.baseline.metrics['rmse'].toFixed(4)})\n  ${describeSearch(searched)}`,
    );
    expect(searched.metrics['rmse']).toBeLessThan(defaults.metrics['rmse']);
    expect(s.trials.map((t) => t.number)).toEqual([...Array(20).keys()]);
    expect(s.metric).toBe('rmse');
    // The kept model is the best trial's: its validation score, its params, its residuals behind the intervals.
    const best = s.trials[s.bestTrial];
    expect(best.state).toBe('complete');
    expect(Math.min(...s.trials.filter((t) => t.state === 'complete').map((t) => t.value!))).toBe(best.value);
    expect(searched.candidates).toEqual([{ algorithm: 'gbdt', validation: expect.objectContaining({ rmse: best.value }) }]);
    expect(searched.params).toMatchObject({ ...best.params, objective: 'regression', maxIterations: 100, seed: 42 });
    expect(Object.keys(best.params).sort()).toEqual(Object.keys(GBDT_SEARCH_SPACE).sort());
    expect(searched.intervals!.map((i) => i.level)).toEqual([80, 95]);
    // Median pruning stopped some trials early; each kept its last reported validation loss.
    const pruned = s.trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(pruned.every((t) => Number.isFinite(t.value))).toBe(true);
    expect(loadModel(searched.artifact).info.algorithm).toBe('gbdt');
    // Boosting rounds count on across trials; the total first plans 20 trials of at most 100 rounds, and ends at the last step.
    expect(steps[0]).toEqual([1, 2000]);
    expect(steps.map(([step]) => step)).toEqual(steps.map((_, i) => i + 1));
    expect(steps.at(-1)![0]).toBe(steps.at(-1)![1]);
  });

  it("with 'auto', picks the family as without a search and then searches it", async () => {
    const rows = additiveRows(400, 3);
    const options: TrainTabularOptions = { task: 'classification', target: 'label', features: ['x0', 'x1', 'x2', 'x3'], params: { maxIterations: 40 } };
    const plain = await trainTabularModel(rows, options);
    const steps: [number, number][] = [];
    const searched = await trainTabularModel(rows, {
      ...options,
      search: { strategy: 'random', trials: 6 },
      hooks: { onEpoch: (step, total) => void steps.push([step, total]) },
    });
    console.log(`auto (${plain.algorithm}) log loss: default ${plain.metrics['logLoss'].toFixed(4)}, searched ${searched.metrics['logLoss'].toFixed(4)}; ${describeSearch(searched)}`);
    expect(searched.algorithm).toBe(plain.algorithm);
    expect(searched.candidates).toEqual(plain.candidates);
    expect(searched.search!.metric).toBe('logLoss');
    expect(searched.search!.trials).toHaveLength(6);
    // Steps count on across the candidates and every trial, and the last has step = total.
    expect(steps.map(([s]) => s)).toEqual(steps.map((_, i) => i + 1));
    expect(steps.at(-1)![0]).toBe(steps.at(-1)![1]);
    expect(steps.length).toBeGreaterThan(plain.candidates.length + 6);
  });

  describe('params pin their keys: out of the space, the same in every trial', () => {
    it('gbdt', async () => {
      const result = await regression(additiveRows(300, 4), { algorithm: 'gbdt', params: { maxLeaves: 12, learningRate: 0.2, maxIterations: 30 }, search: { strategy: 'random', trials: 6 } });
      const trials = result.search!.trials;
      for (const t of trials) expect(t.params).toMatchObject({ maxLeaves: 12, learningRate: 0.2, maxIterations: 30 });
      expect(new Set(trials.map((t) => t.params['lambda'])).size).toBe(6);
      expect(result.params).toMatchObject({ maxLeaves: 12, learningRate: 0.2, maxIterations: 30 });
    });

    it('linear, where lambda pins l2; multiclass softmax has no l1 to search', async () => {
      const result = await regression(additiveRows(200, 5), { algorithm: 'linear', params: { lambda: 0.5 }, search: { strategy: 'tpe', trials: 4 } });
      expect(result.search!.trials.map((t) => Object.keys(t.params).sort())).toEqual(Array(4).fill(['l1', 'lambda']));
      expect(result.params['l2']).toBe(0.5);
      expect(Object.keys(tabularSearchSpace('linear', 3, []))).toEqual(['l2']);
      expect(tabularSearchSpace('linear', 2, [])).toEqual(LINEAR_SEARCH_SPACE);
    });

    it('mlp, its layer layouts given as layer sizes; an FSML artifact of the best trial', async () => {
      const result = await regression(additiveRows(160, 6), { algorithm: 'mlp', params: { epochs: 12 }, search: { strategy: 'random', trials: 7 } });
      console.log(`mlp: ${describeSearch(result)}`);
      const trials = result.search!.trials;
      for (const t of trials) expect(t.params['epochs']).toBe(12);
      expect(trials.map((t) => t.params['hiddenUnits'])).toEqual(expect.arrayContaining([[32]]));
      for (const t of trials) expect([[32], [64, 32], [64, 64]]).toContainEqual(t.params['hiddenUnits']);
      expect(decodeArtifact(result.artifact).manifest.params).toEqual(result.params);
      expect(result.params).toMatchObject(trials[result.search!.bestTrial].params);
    });
  });

  it('reports every trial to onTrial, the best metric never rising', async () => {
    const seen: TrialProgress[] = [];
    const result = await regression(additiveRows(300, 7), { algorithm: 'gbdt', params: { maxIterations: 30 }, search: { strategy: 'tpe', trials: 12 }, onTrial: (p) => void seen.push(p) });
    expect(seen.map((p) => p.trialsDone)).toEqual([...Array(12).keys()].map((i) => i + 1));
    expect(seen.every((p) => p.trialsTotal === 12 && p.metric === 'rmse')).toBe(true);
    const best = seen.map((p) => p.bestMetric!);
    expect(best.every((b, i) => Number.isFinite(b) && (i === 0 || b <= best[i - 1]))).toBe(true);
    expect(best.at(-1)).toBe(result.search!.trials[result.search!.bestTrial].value);
  });

  it('stops starting trials once `seconds` have passed', async () => {
    const rows = additiveRows(800, 8);
    const finished: number[] = [];
    const started = performance.now();
    const result = await regression(rows, { algorithm: 'gbdt', search: { strategy: 'random', seconds: 1 }, onTrial: (p) => void (finished.push(performance.now() - started), expect(p.trialsTotal).toBeNull()) });
    const elapsed = performance.now() - started;
    console.log(`a 1 s budget ran ${finished.length} trials; trials ended at ${finished.map((t) => t.toFixed(0)).join(', ')} ms; the call took ${elapsed.toFixed(0)} ms`);
    expect(result.search!.trials.length).toBe(finished.length);
    expect(finished.length).toBeGreaterThan(1);
    // The last trial started once the one before it had ended, within the budget (data preparation comes on top).
    expect(finished.at(-2)!).toBeLessThan(1000 + 250);
    expect(finished.at(-1)!).toBeGreaterThan(1000);
    expect(elapsed).toBeLessThan(4000);
  });

  it('is deterministic under a seed, and the seed matters', async () => {
    const rows = additiveRows(250, 9);
    const options: Partial<TrainTabularOptions> = { algorithm: 'gbdt', params: { maxIterations: 25, rowSubsample: 0.8 }, search: { strategy: 'tpe', trials: 12 }, seed: 5 };
    const strip = (r: TrainTabularResult) => ({ ...r, artifact: undefined });
    const [first, second, other] = [await regression(rows, options), await regression(rows, options), await regression(rows, { ...options, seed: 6 })];
    expect(strip(second)).toEqual(strip(first));
    expect(loadModel(second.artifact).predict(rows.slice(0, 20))).toEqual(loadModel(first.artifact).predict(rows.slice(0, 20)));
    expect(other.search!.trials.map((t) => t.params)).not.toEqual(first.search!.trials.map((t) => t.params));
  });

  describe('cancellation', () => {
    it('an aborted signal ends the search with MlCancelledError, between trials or inside one', async () => {
      const between = new AbortController();
      let trials = 0;
      const run = regression(additiveRows(200, 10), {
        algorithm: 'gbdt',
        search: { strategy: 'random', trials: 20 },
        hooks: { signal: between.signal },
        onTrial: (p) => void ((trials = p.trialsDone), p.trialsDone === 3 && between.abort()),
      });
      await expect(run).rejects.toBeInstanceOf(MlCancelledError);
      expect(trials).toBe(3);

      const inside = new AbortController();
      let steps = 0;
      const mlp = regression(additiveRows(120, 11), {
        algorithm: 'mlp',
        params: { epochs: 30 },
        search: { strategy: 'random', trials: 5 },
        hooks: { signal: inside.signal, onEpoch: (step) => void ((steps = step), step === 40 && inside.abort()) },
      });
      await expect(mlp).rejects.toBeInstanceOf(MlCancelledError);
      expect(steps).toBe(40);
    });

    it('leaves no tensors behind, finished or cancelled', async () => {
      const rows = additiveRows(100, 12);
      const settle = () => new Promise((resolve) => setTimeout(resolve, 50)); // an abandoned trial stops at its next epoch
      await settle();
      const before = tfjs().memory().numTensors;
      await regression(rows, { algorithm: 'mlp', params: { epochs: 6, hiddenUnits: [4] }, search: { strategy: 'random', trials: 2 } });
      const controller = new AbortController();
      await expect(
        regression(rows, { algorithm: 'mlp', params: { epochs: 6 }, search: { strategy: 'random', trials: 3 }, hooks: { signal: controller.signal, onEpoch: (s) => void (s === 8 && controller.abort()) } }),
      ).rejects.toBeInstanceOf(MlCancelledError);
      await settle();
      expect(tfjs().memory().numTensors).toBe(before);
    });
  });

  it('refuses bad search options, naming the field', async () => {
    const rows = additiveRows(60, 13);
    const search = (value: unknown, extra: Partial<TrainTabularOptions> = {}) => regression(rows, { algorithm: 'gbdt', search: value as never, ...extra });
    await inputError(search('tpe'), 'search');
    await inputError(search({ strategy: 'grid', trials: 5 }), 'search.strategy');
    await inputError(search({ trials: 5 }), 'search.strategy');
    const budget = await inputError(search({ strategy: 'tpe' }), 'search.trials');
    expect(budget.message).toMatch(/search.seconds/);
    for (const trials of [0, 201, 2.5, '10']) await inputError(search({ strategy: 'random', trials }), 'search.trials');
    for (const seconds of [0.5, 3601, NaN, '5']) await inputError(search({ strategy: 'random', seconds }), 'search.seconds');
    await inputError(search({ strategy: 'random', trials: 5, trails: 5 }), 'search.trails');
    const pinned = await inputError(search({ strategy: 'random', trials: 5 }, { task: 'regression', algorithm: 'linear', params: { l2: 1, l1: 0 } }), 'search');
    expect(pinned.message).toMatch(/l2, l1/);
  });
});
