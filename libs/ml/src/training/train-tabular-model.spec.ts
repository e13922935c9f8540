import { decodeArtifact } from '../artifact/artifact-codec';
import { decodeJsonArtifact } from '../artifact/json-artifact-codec';
import { loadModel } from '../artifact/load-model';
import { initMlBackend } from '../backend/ml-backend';
import { tfjs } from '../backend/tfjs';
import { MlArtifactError, MlCancelledError, MlInputErrorCode } from '../errors/ml-input.error';
import type { Row } from '../frame/row';
import { hashRows } from '../frame/rows-hash';
import { readClassTarget } from './class-target';
import { classificationScores, regressionScores } from './tabular-evaluation';
import { readNumericTarget } from './tabular-input';
import { classificationRows, inputError, regressionRows, summary } from './tabular.fixtures';
import { splitRows, trainTabularModel, type TrainTabularOptions, type TrainTabularResult } from './train-tabular-model';

/** The rows trainTabularModel held out, found again from the same rows and options. */
function heldOutRows(rows: readonly unknown[], options: TrainTabularOptions): unknown[] {
  const read = options.task === 'regression' ? readNumericTarget(rows, options.target) : readClassTarget(rows, options.target);
  const classes = 'classes' in read ? read.classes.length : null;
  return splitRows(read.usable, classes, options.testFraction ?? 0.2, options.seed ?? 42).test.map((u) => u.row);
}

describe('trainTabularModel', () => {
  beforeAll(() => initMlBackend());

  describe("'auto' beats the naive baseline on held-out rows", () => {
    it('regression (RMSE), comparing linear, gbdt and mlp', async () => {
      const rows = regressionRows(1200, 1, 'mixed');
      const result = await trainTabularModel(rows, { task: 'regression', target: 'y', params: { epochs: 8, hiddenUnits: [16] } });
      console.log(summary('regression', result));
      expect(result.candidates.map((c) => c.algorithm)).toEqual(['linear', 'gbdt', 'mlp']);
      expect(result.metrics['rmse']).toBeLessThan(0.4 * result.baseline.metrics['rmse']);
      expect(result.metrics['r2']).toBeGreaterThan(0.85);
      expect(Object.keys(result.metrics)).toEqual(['mae', 'rmse', 'r2']);
      expect(Object.keys(result.baseline.metrics)).toEqual(['mae', 'rmse', 'r2']);
      expect(result.baseline.algorithm).toBe('mean');
      expect(result.features).toEqual(['x1', 'x2', 'x3', 'region', 'noise']);
      expect(result.trainingData).toEqual({ rows: 1200, hash: hashRows(rows), rowsUsed: 1200, rowsDroppedMissingTarget: 0 });
      expect(result.intervals!.map((i) => i.level)).toEqual([80, 95]);
      expect(result.classes).toBeUndefined();
      // The informative columns matter more than the noise column, which matters about nothing.
      const imp = result.featureImportance;
      for (const f of ['x1', 'x2', 'region']) expect(imp[f]).toBeGreaterThan(imp['noise'] + 0.05);
      expect(Math.abs(imp['noise'])).toBeLessThan(0.02);
    });

    it('binary classification (accuracy and log loss)', async () => {
      const rows = classificationRows(1000, 2, 'binary');
      const result = await trainTabularModel(rows, { task: 'classification', target: 'label' });
      console.log(summary('binary', result));
      expect(result.classes).toEqual(['churned', 'stayed']);
      expect(result.candidates.map((c) => c.algorithm)).toEqual(['linear', 'gbdt']);
      expect(result.baseline.algorithm).toBe('majority');
      expect(Object.keys(result.metrics)).toEqual(['accuracy', 'f1Macro', 'logLoss', 'rocAuc']);
      expect(result.baseline.metrics['rocAuc']).toBe(0.5);
      expect(result.metrics['accuracy']).toBeGreaterThan(result.baseline.metrics['accuracy'] + 0.15);
      expect(result.metrics['logLoss']).toBeLessThan(result.baseline.metrics['logLoss'] - 0.15);
      expect(result.metrics['rocAuc']).toBeGreaterThan(0.8);
      expect(result.intervals).toBeUndefined();
      expect(result.featureImportance['x1']).toBeGreaterThan(result.featureImportance['noise'] + 0.05);
    });

    it('multiclass classification (accuracy and log loss)', async () => {
      const rows = classificationRows(900, 3, 'multiclass');
      const result = await trainTabularModel(rows, { task: 'classification', target: 'label' });
      console.log(summary('multiclass', result));
      expect(result.classes).toEqual(['bronze', 'gold', 'silver']);
      expect(Object.keys(result.metrics)).toEqual(['accuracy', 'f1Macro', 'logLoss']);
      expect(result.metrics['accuracy']).toBeGreaterThan(result.baseline.metrics['accuracy'] + 0.25);
      expect(result.metrics['logLoss']).toBeLessThan(result.baseline.metrics['logLoss'] - 0.3);
      expect(result.metrics['f1Macro']).toBeGreaterThan(0.6);
    });
  });

  describe("'auto' picks the model family the data calls for", () => {
    it('gbdt on a strongly non-linear signal (regression and classification)', async () => {
      const regression = await trainTabularModel(regressionRows(1000, 4, 'xor'), { task: 'regression', target: 'y', params: { epochs: 8 } });
      console.log(summary('xor regression', regression));
      expect(regression.algorithm).toBe('gbdt');
      expect(regression.params['objective']).toBe('regression');
      const classification = await trainTabularModel(classificationRows(800, 5, 'xor'), { task: 'classification', target: 'label' });
      console.log(summary('xor classification', classification));
      expect(classification.algorithm).toBe('gbdt');
      expect(classification.metrics['accuracy']).toBeGreaterThan(0.8);
    });

    it('linear on a purely linear signal with little data', async () => {
      const result = await trainTabularModel(regressionRows(60, 6, 'linear', 0.3), { task: 'regression', target: 'y', params: { epochs: 8 } });
      console.log(summary('linear, 60 rows', result));
      expect(result.algorithm).toBe('linear');
      expect(result.params).toEqual({ l2: 1e-3, l1: 0 });
      expect(result.metrics['rmse']).toBeLessThan(0.3 * result.baseline.metrics['rmse']);
    });
  });

  it('reads classification labels as users send them', async () => {
    const yesSpellings = ['Yes', ' YES ', 'yes', true];
    const noSpellings = ['no', 'NO', 'No ', false];
    const missing = [null, '', 'n/a', undefined];
    const rows = classificationRows(400, 7, 'binary').map((r, i) => {
      const { label, ...rest } = r;
      // Every 7th label is missing; the others say yes exactly when the row churned, spelt four ways.
      const churn = i % 7 === 3 ? missing[i % 4] : label === 'churned' ? yesSpellings[i % 4] : noSpellings[i % 4];
      return { ...rest, churn };
    });
    const dropped = rows.filter((_, i) => i % 7 === 3).length;
    const result = await trainTabularModel(rows, { task: 'classification', target: 'churn', algorithm: 'linear' });
    expect(result.classes).toEqual(['no', 'yes']);
    expect(result.trainingData.rowsDroppedMissingTarget).toBe(dropped);
    expect(result.trainingData.rowsUsed).toBe(400 - dropped);
    expect(result.metrics['accuracy']).toBeGreaterThan(0.7);
    const model = loadModel(result.artifact);
    expect(model.info.classes).toEqual(['no', 'yes']);
    expect(Array.from(model.predict([{ x1: 2, x2: -2, x3: 0, region: 'north' }, { x1: -2, x2: 2, region: 'south' }]))).toEqual([1, 0]);
  });

  describe('the loaded artifact reproduces the held-out predictions exactly', () => {
    const cases: [string, TrainTabularOptions, () => Row[]][] = [
      ['regression gbdt', { task: 'regression', target: 'y', algorithm: 'gbdt', params: { maxIterations: 30 } }, () => regressionRows(300, 8, 'mixed')],
      ['regression linear (elastic net)', { task: 'regression', target: 'y', algorithm: 'linear', params: { l1: 0.01 } }, () => regressionRows(300, 8, 'mixed')],
      ['regression mlp (FSML)', { task: 'regression', target: 'y', algorithm: 'mlp', params: { epochs: 3, hiddenUnits: [8] } }, () => regressionRows(300, 8, 'mixed')],
      ['binary gbdt', { task: 'classification', target: 'label', algorithm: 'gbdt', params: { maxIterations: 30 } }, () => classificationRows(300, 9, 'binary')],
      ['binary linear', { task: 'classification', target: 'label', algorithm: 'linear' }, () => classificationRows(300, 9, 'binary')],
      ['multiclass gbdt', { task: 'classification', target: 'label', algorithm: 'gbdt', params: { maxIterations: 20 }, seed: 3 }, () => classificationRows(300, 10, 'multiclass')],
      ['multiclass linear', { task: 'classification', target: 'label', algorithm: 'linear', testFraction: 0.3 }, () => classificationRows(300, 10, 'multiclass')],
    ];
    it.each(cases)('%s', async (_, options, makeRows) => {
      const rows = makeRows();
      const result = await trainTabularModel(rows, options);
      const model = loadModel(result.artifact);
      const test = heldOutRows(rows, options);
      expect(model.info).toEqual({
        task: options.task,
        algorithm: options.algorithm,
        target: options.target,
        features: result.features.map((name) => ({ name, type: name === 'region' ? 'categorical' : 'numeric' })),
        ...(result.classes ? { classes: result.classes } : {}),
      });
      if (options.task === 'regression') {
        const y = test.map((r) => Number((r as Row)['y']));
        expect(regressionScores(y, model.predict(test))).toEqual(result.metrics);
        expect(model.predictProba).toBeUndefined();
      } else {
        const classes = result.classes!;
        const y = test.map((r) => classes.indexOf((r as Row)['label'] as string));
        const proba = model.predictProba!(test);
        expect(classificationScores(y, proba, classes.length)).toEqual(result.metrics);
        const predicted = model.predict(test);
        predicted.forEach((c, i) => expect(proba[i * classes.length + c]).toBe(Math.max(...proba.subarray(i * classes.length, (i + 1) * classes.length))));
      }
    });
  });

  it('stores what it reports in the artifact (FSMJ for gbdt/linear, FSML with intervals for the MLP)', async () => {
    const rows = regressionRows(200, 11, 'mixed');
    const gbdt = await trainTabularModel(rows, { task: 'regression', target: 'y', algorithm: 'gbdt', params: { maxIterations: 10 } });
    const stored = decodeJsonArtifact(gbdt.artifact);
    expect(stored).toMatchObject({
      metrics: gbdt.metrics,
      baseline: gbdt.baseline,
      params: gbdt.params,
      candidates: gbdt.candidates,
      featureImportance: gbdt.featureImportance,
      trainingData: { ...gbdt.trainingData, testRows: 40, validationRows: 32, trainRows: 128, splitSeed: 42 },
    });
    expect(stored.conformal?.levels.map((l) => l.level)).toEqual([0.8, 0.95]);
    expect(() => decodeArtifact(gbdt.artifact)).toThrow(MlArtifactError);

    const mlp = await trainTabularModel(rows, { task: 'regression', target: 'y', algorithm: 'mlp', params: { epochs: 2, hiddenUnits: [4] } });
    const { manifest } = decodeArtifact(mlp.artifact);
    expect(manifest.metrics).toEqual(mlp.metrics);
    expect(manifest.trainingData.validationRows).toBe(32);
    expect(manifest.conformal?.calibrationSize).toBe(32);
    const model = loadModel(mlp.artifact);
    const p = model.predict([{ x1: 1 }]);
    expect(model.interval!(p, 95).upper[0] - p[0]).toBeCloseTo(mlp.intervals!.find((i) => i.level === 95)!.halfWidth, 12);
  });

  it('calibrates conformal intervals that cover about their nominal share of held-out rows', async () => {
    const rows = regressionRows(3000, 12, 'mixed', 1);
    const options: TrainTabularOptions = { task: 'regression', target: 'y', algorithm: 'gbdt', params: { maxIterations: 60 } };
    const result = await trainTabularModel(rows, options);
    const model = loadModel(result.artifact);
    const test = heldOutRows(rows, options);
    const y = test.map((r) => Number((r as Row)['y']));
    const predictions = model.predict(test);
    const coverage: Record<number, number> = {};
    for (const { level, halfWidth } of result.intervals!) {
      const { lower, upper } = model.interval!(predictions, level);
      expect(upper[0] - predictions[0]).toBeCloseTo(halfWidth, 12);
      coverage[level] = y.filter((v, i) => v >= lower[i] && v <= upper[i]).length / y.length;
    }
    console.log(`conformal coverage on ${y.length} held-out rows: 80% → ${(100 * coverage[80]).toFixed(1)}%, 95% → ${(100 * coverage[95]).toFixed(1)}%`);
    expect(Math.abs(coverage[80] - 0.8)).toBeLessThan(0.05);
    expect(Math.abs(coverage[95] - 0.95)).toBeLessThan(0.035);
  });

  describe('hooks', () => {
    it.each([
      ['gbdt', { maxIterations: 200, earlyStoppingRounds: 0 }],
      ['mlp', { epochs: 50, hiddenUnits: [8] }],
    ] as const)('an aborted signal stops %s training with MlCancelledError', async (algorithm, params) => {
      const controller = new AbortController();
      let seen = 0;
      const run = trainTabularModel(regressionRows(200, 13, 'mixed'), {
        task: 'regression',
        target: 'y',
        algorithm,
        params,
        hooks: { signal: controller.signal, onEpoch: (step) => void ((seen = step), step === 3 && controller.abort()) },
      });
      await expect(run).rejects.toBeInstanceOf(MlCancelledError);
      expect(seen).toBe(3);
    });

    it("counts steps across the candidates of 'auto', ending at step = total", async () => {
      const steps: [number, number, number][] = [];
      await trainTabularModel(regressionRows(300, 14, 'mixed'), {
        task: 'regression',
        target: 'y',
        params: { epochs: 4, hiddenUnits: [4], maxIterations: 40 },
        hooks: { onEpoch: (step, total, loss) => void steps.push([step, total, loss]) },
      });
      expect(steps.map(([s]) => s)).toEqual(steps.map((_, i) => i + 1));
      expect(steps[0][1]).toBe(1 + 40 + 4); // planned: one linear fit, 40 rounds, 4 epochs
      const [last, lastTotal] = steps.at(-1)!;
      expect(last).toBe(lastTotal);
      expect(steps.every(([, , loss]) => Number.isFinite(loss) && loss >= 0 && loss < 2)).toBe(true); // MSE of the standardised target
    });
  });

  it('is deterministic under a seed, and the seed matters', async () => {
    const rows = classificationRows(300, 15, 'multiclass');
    const options: TrainTabularOptions = { task: 'classification', target: 'label', params: { maxIterations: 20, rowSubsample: 0.8 }, seed: 5 };
    const [first, second, other] = [await trainTabularModel(rows, options), await trainTabularModel(rows, options), await trainTabularModel(rows, { ...options, seed: 6 })];
    const probe = classificationRows(40, 16, 'multiclass');
    const strip = (r: TrainTabularResult) => ({ ...r, artifact: undefined });
    expect(strip(second)).toEqual(strip(first));
    expect(loadModel(second.artifact).predictProba!(probe)).toEqual(loadModel(first.artifact).predictProba!(probe));
    expect(other.metrics).not.toEqual(first.metrics);
  });

  it('leaves no tensors behind', async () => {
    const rows = regressionRows(120, 17, 'mixed');
    const options: TrainTabularOptions = { task: 'regression', target: 'y', params: { epochs: 2, hiddenUnits: [4], maxIterations: 5 } };
    await trainTabularModel(rows, options);
    const before = tfjs().memory().numTensors;
    for (let i = 0; i < 2; i++) await trainTabularModel(rows, options);
    expect(tfjs().memory().numTensors).toBe(before);
  });

  describe('refuses requests that cannot make a model, naming the field', () => {
    const rows = regressionRows(50, 18, 'mixed');
    const labelled = classificationRows(50, 19, 'binary');
    const regression = { task: 'regression', target: 'y' } as const;
    const classification = { task: 'classification', target: 'label' } as const;

    it('task, algorithm and the checks shared with trainRegressionModel', async () => {
      await inputError(trainTabularModel(rows, { ...regression, task: 'ranking' as never }), MlInputErrorCode.InvalidParameter, 'task');
      await inputError(trainTabularModel(rows, { ...regression, algorithm: 'forest' as never }), MlInputErrorCode.InvalidParameter, 'algorithm');
      const mlp = await inputError(trainTabularModel(labelled, { ...classification, algorithm: 'mlp' }), MlInputErrorCode.InvalidParameter, 'algorithm');
      expect(mlp.message).toMatch(/not support classification/);
      await inputError(trainTabularModel({} as never, regression), MlInputErrorCode.InvalidParameter, 'rows');
      await inputError(trainTabularModel(rows, { ...regression, target: 'sales' }), MlInputErrorCode.TargetNotFound, 'target');
      await inputError(trainTabularModel(rows, { ...regression, features: ['x1', 'x9'] }), MlInputErrorCode.UnknownFeature, 'features');
      await inputError(trainTabularModel(rows, { ...regression, testFraction: 0.9 }), MlInputErrorCode.InvalidParameter, 'testFraction');
      await inputError(trainTabularModel(rows, { ...regression, seed: 1.5 }), MlInputErrorCode.InvalidParameter, 'seed');
      await inputError(trainTabularModel(labelled, { ...regression, target: 'label' }), MlInputErrorCode.TargetNotNumeric, 'target');
      const few = await inputError(trainTabularModel(rows.slice(0, 9), regression), MlInputErrorCode.TooFewRows, 'rows');
      expect(few.message).toMatch(/at least 10 rows with a numeric "y"; found 9/);
    });

    it('classification targets with one class, too many classes, or too few rows per class', async () => {
      await inputError(trainTabularModel(labelled.map((r) => ({ ...r, label: 'same' })), classification), MlInputErrorCode.InvalidParameter, 'target');
      const ids = Array.from({ length: 150 }, (_, i) => ({ x: i, id: `customer-${i}` }));
      const many = await inputError(trainTabularModel(ids, { task: 'classification', target: 'id' }), MlInputErrorCode.InvalidParameter, 'target');
      expect(many.message).toMatch(/150 distinct values/);
      const singletons = Array.from({ length: 12 }, (_, i) => ({ x: i, label: `c${i % 6}` }));
      await inputError(trainTabularModel(singletons, { task: 'classification', target: 'label' }), MlInputErrorCode.TooFewRows, 'rows');
    });

    it('params: unknown keys, bad values, and keys meant for another algorithm', async () => {
      const bad = await inputError(trainTabularModel(rows, { ...regression, algorithm: 'gbdt', params: { maxLeaves: 1 } }), MlInputErrorCode.InvalidParameter, 'params.maxLeaves');
      expect(bad.message).toMatch(/maxLeaves/);
      await inputError(trainTabularModel(rows, { ...regression, algorithm: 'gbdt', params: { epochs: 5 } }), MlInputErrorCode.InvalidParameter, 'params.epochs');
      await inputError(trainTabularModel(rows, { ...regression, algorithm: 'gbdt', params: { objective: 'binary' } }), MlInputErrorCode.InvalidParameter, 'params.objective');
      await inputError(trainTabularModel(rows, { ...regression, params: { maxIteratons: 5 } }), MlInputErrorCode.InvalidParameter, 'params.maxIteratons');
      await inputError(trainTabularModel(labelled, { ...classification, params: { epochs: 5 } }), MlInputErrorCode.InvalidParameter, 'params.epochs');
      await inputError(trainTabularModel(rows, { ...regression, params: { epochs: 0 } }), MlInputErrorCode.InvalidParameter, 'params.epochs');
      await inputError(trainTabularModel(rows, { ...regression, algorithm: 'linear', params: { l2: -1 } }), MlInputErrorCode.InvalidParameter, 'params.l2');
      await inputError(trainTabularModel(rows, { ...regression, algorithm: 'linear', params: { l2: 1, lambda: 2 } }), MlInputErrorCode.InvalidParameter, 'params.lambda');
      await inputError(trainTabularModel(classificationRows(60, 20, 'multiclass'), { ...classification, algorithm: 'linear', params: { l1: 0.1 } }), MlInputErrorCode.InvalidParameter, 'params.l1');
      await inputError(trainTabularModel(rows, { ...regression, params: [] as never }), MlInputErrorCode.InvalidParameter, 'params');
      // With 'auto' a key goes to the candidates that take it: lambda to both gbdt and linear.
      const auto = await trainTabularModel(rows, { ...regression, params: { lambda: 2, epochs: 2, hiddenUnits: [4] } });
      expect(auto.candidates.map((c) => c.algorithm)).toEqual(['linear', 'gbdt', 'mlp']);
      const gbdt = await trainTabularModel(rows, { ...regression, algorithm: 'gbdt', params: { lambda: 2 } });
      expect(gbdt.params).toMatchObject({ lambda: 2, objective: 'regression', maxIterations: 100, seed: 42 });
      const linear = await trainTabularModel(rows, { ...regression, algorithm: 'linear', params: { lambda: 2 } });
      expect(linear.params).toEqual({ l2: 2, l1: 0 });
    });
  });
});
