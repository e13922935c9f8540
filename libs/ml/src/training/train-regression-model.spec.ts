import { decodeArtifact } from '../artifact/artifact-codec';
import { loadModel } from '../artifact/load-model';
import { initMlBackend } from '../backend/ml-backend';
import { tfjs } from '../backend/tfjs';
import { MlCancelledError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { hashRows } from '../frame/rows-hash';
import type { Row } from '../frame/row';
import { mulberry32, randomNormal } from '../random/prng';
import { trainRegressionModel, type TrainRegressionOptions } from './train-regression-model';
import { trainTestSplit } from './train-test-split';

const TARGET = 'Weekly Sales (€)';

/**
 * y = 3·x1 − 2·x2 + 5·[holiday] + ε, ε ~ N(0, 0.5²), sent the way users send it: numbers
 * sometimes as strings with spaces, flags as words, a few gaps, an irrelevant category and a
 * date, and some rows without a usable target.
 */
function syntheticRows(n: number, seed: number): Row[] {
  const rng = mulberry32(seed);
  const regions = ['north', 'south', 'east', 'west', 'centre'];
  return Array.from({ length: n }, (_, i) => {
    const x1 = randomNormal(rng);
    const x2 = randomNormal(rng);
    const holiday = rng() < 0.3;
    const y = 3 * x1 - 2 * x2 + 5 * (holiday ? 1 : 0) + 0.5 * randomNormal(rng);
    const row: Row = {
      'Avg Temp (°C)': i % 3 === 0 ? ` ${x1.toFixed(6)} ` : x1,
      'price-index': i % 50 === 7 ? 'NA' : x2,
      'is holiday?': i % 2 === 0 ? (holiday ? 'yes' : 'no') : holiday,
      region: regions[Math.floor(rng() * regions.length)],
      week: `2024-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + (i % 7)}`,
      [TARGET]: i % 4 === 0 ? String(y) : y,
    };
    if (i % 97 === 5) row[TARGET] = i % 2 === 0 ? null : 'N/A';
    return row;
  });
}

async function expectInputError(promise: Promise<unknown>, code: MlInputErrorCode, field: string): Promise<MlInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MlInputError);
  expect((error as MlInputError).code).toBe(code);
  expect((error as MlInputError).field).toBe(field);
  return error as MlInputError;
}

describe('trainRegressionModel', () => {
  beforeAll(() => initMlBackend());

  it('learns a known signal from messy rows and beats the mean baseline on held-out rows', async () => {
    const rows = syntheticRows(2000, 1);
    const dropped = rows.filter((r) => r[TARGET] === null || r[TARGET] === 'N/A').length;
    const started = performance.now();
    const result = await trainRegressionModel(rows, { target: TARGET, params: { epochs: 20 } });
    const seconds = (performance.now() - started) / 1000;

    console.log(
      `held-out (n=${result.manifest.trainingData.testRows}) on ${result.manifest.backend} in ${seconds.toFixed(2)} s — ` +
        `MLP: RMSE ${result.metrics.rmse.toFixed(3)}, MAE ${result.metrics.mae.toFixed(3)}, R² ${result.metrics.r2.toFixed(3)}; ` +
        `mean baseline: RMSE ${result.baseline.metrics.rmse.toFixed(3)}, MAE ${result.baseline.metrics.mae.toFixed(3)}, R² ${result.baseline.metrics.r2.toFixed(3)}`,
    );
    expect(result.metrics.rmse).toBeLessThan(0.5 * result.baseline.metrics.rmse);
    expect(result.metrics.rmse).toBeLessThan(1.2); // noise σ 0.5, plus 2% of rows missing x2 (coefficient −2)
    expect(result.metrics.r2).toBeGreaterThan(0.9);
    expect(result.baseline.metrics.r2).toBeLessThan(0.01); // the training mean explains nothing on new rows

    expect(result.rowsDroppedMissingTarget).toBe(dropped);
    expect(result.rowsUsed).toBe(2000 - dropped);
    expect(result.features).toEqual(['Avg Temp (°C)', 'price-index', 'is holiday?', 'region', 'week']);
    expect(result.manifest.features).toEqual([
      { name: 'Avg Temp (°C)', type: 'numeric' },
      { name: 'price-index', type: 'numeric' },
      { name: 'is holiday?', type: 'boolean' },
      { name: 'region', type: 'categorical' },
      { name: 'week', type: 'timestamp' },
    ]);
    expect(result.manifest.trainingData).toMatchObject({ rows: 2000, hash: hashRows(rows), trainRows: 1583, testRows: 396 });
    expect(result.manifest.params).toEqual({ hiddenUnits: [32, 16], epochs: 20, learningRate: 0.01, batchSize: 32, seed: 42 });

    // The serving path: bytes in, predictions out, from rows with other quirks than training had.
    const model = loadModel(result.artifact);
    expect(decodeArtifact(result.artifact).manifest).toEqual(result.manifest);
    expect(model.info).toEqual({ task: 'regression', algorithm: 'mlp', target: TARGET, features: result.manifest.features });
    expect(model.predictProba).toBeUndefined();
    expect(model.interval).toBeUndefined(); // trainRegressionModel calibrates no intervals
    const [a, b, c] = model.predict([
      { 'Avg Temp (°C)': 1, 'price-index': '-1', 'is holiday?': 'YES', region: 'north', week: '2024-03-04', unknown: 'x' },
      { 'Avg Temp (°C)': '1', 'price-index': -1, 'is holiday?': 'no', region: 'atlantis' },
      {},
    ]);
    expect(a).toBeGreaterThan(8.5); // true value 3 + 2 + 5 = 10
    expect(a).toBeLessThan(11.5);
    expect(b).toBeGreaterThan(3.5); // true value 5
    expect(b).toBeLessThan(6.5);
    expect(Number.isFinite(c)).toBe(true);
  });

  it('fits preprocessing on the training split only', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ x: i * i, y: 2 * i * i }));
    const result = await trainRegressionModel(rows, { target: 'y', params: { epochs: 1 }, seed: 3 });
    const split = trainTestSplit(40, 0.2, 3);
    const trainMean = Array.from(split.train).reduce((s, i) => s + i * i, 0) / split.train.length;
    const allMean = rows.reduce((s, r) => s + r.x, 0) / rows.length;
    expect(Math.abs(trainMean - allMean)).toBeGreaterThan(1);
    const encoding = result.manifest.preprocessing.features[0];
    expect(encoding.type === 'numeric' && encoding.scale.mean).toBeCloseTo(trainMean, 10);
    expect(result.manifest.targetScaling.mean).toBeCloseTo(2 * trainMean, 10);
  });

  it('is deterministic under a seed, and the seed matters', async () => {
    const rows = syntheticRows(300, 2);
    const options: TrainRegressionOptions = { target: TARGET, params: { epochs: 3, hiddenUnits: [8] }, seed: 11 };
    const first = await trainRegressionModel(rows, options);
    const second = await trainRegressionModel(rows, options);
    const other = await trainRegressionModel(rows, { ...options, seed: 12 });
    const probe = syntheticRows(50, 3);
    expect(loadModel(second.artifact).predict(probe)).toEqual(loadModel(first.artifact).predict(probe));
    expect(decodeArtifact(second.artifact).weights).toEqual(decodeArtifact(first.artifact).weights);
    expect(second.metrics).toEqual(first.metrics);
    expect(loadModel(other.artifact).predict(probe)).not.toEqual(loadModel(first.artifact).predict(probe));
  });

  it('leaves no tensors behind across repeated training', async () => {
    const rows = syntheticRows(120, 4);
    await trainRegressionModel(rows, { target: TARGET, params: { epochs: 1 } });
    const before = tfjs().memory().numTensors;
    for (let i = 0; i < 3; i++) await trainRegressionModel(rows, { target: TARGET, params: { epochs: 2 } });
    expect(tfjs().memory().numTensors).toBe(before);
  });

  it('uses only the requested features and leaves out features with no value in the training rows', async () => {
    const rows = syntheticRows(60, 5).map((r, k) => ({ ...r, empty: k % 2 ? null : 'NA' }));
    const result = await trainRegressionModel(rows, { target: TARGET, features: ['empty', 'Avg Temp (°C)'], params: { epochs: 1 } });
    expect(result.features).toEqual(['Avg Temp (°C)']);
    expect(result.manifest.preprocessing.features.map((f) => f.name)).toEqual(['Avg Temp (°C)']);
  });

  describe('refuses data that cannot make a model', () => {
    const rows = syntheticRows(50, 6);

    it('fewer than 10 rows with a numeric target', async () => {
      const few = rows.map((r, k) => (k >= 10 && k < 19 ? r : { ...r, [TARGET]: k % 2 ? 'NA' : undefined }));
      const error = await expectInputError(trainRegressionModel(few, { target: TARGET }), MlInputErrorCode.TooFewRows, 'rows');
      expect(error.message).toMatch(/at least 10 rows .* found 9 \(41 rows have no usable value/);
    });

    it('a target column that is not there', async () => {
      const error = await expectInputError(trainRegressionModel(rows, { target: 'sales' }), MlInputErrorCode.TargetNotFound, 'target');
      expect(error.message).toContain('"Weekly Sales (€)"');
    });

    it('a target that is not numeric', async () => {
      const labels = rows.map((r, k) => ({ ...r, [TARGET]: k % 2 ? 'high' : 'low' }));
      const error = await expectInputError(trainRegressionModel(labels, { target: TARGET }), MlInputErrorCode.TargetNotNumeric, 'target');
      expect(error.message).toMatch(/"high"|"low"/);
      const flags = rows.map((r, k) => ({ ...r, [TARGET]: k % 2 === 0 }));
      await expectInputError(trainRegressionModel(flags, { target: TARGET }), MlInputErrorCode.TargetNotNumeric, 'target');
    });

    it('no usable features', async () => {
      const onlyTarget = rows.map((r) => ({ [TARGET]: r[TARGET] }));
      await expectInputError(trainRegressionModel(onlyTarget, { target: TARGET }), MlInputErrorCode.NoUsableFeatures, 'features');
      const emptyFeature = rows.map((r) => ({ [TARGET]: r[TARGET], note: '' }));
      const error = await expectInputError(
        trainRegressionModel(emptyFeature, { target: TARGET }),
        MlInputErrorCode.NoUsableFeatures,
        'features',
      );
      expect(error.message).toContain('"note"');
    });

    it('unknown features, the target as a feature, and bad options', async () => {
      await expectInputError(trainRegressionModel(rows, { target: TARGET, features: ['region', 'regoin'] }), MlInputErrorCode.UnknownFeature, 'features');
      await expectInputError(trainRegressionModel(rows, { target: TARGET, features: [TARGET] }), MlInputErrorCode.InvalidParameter, 'features');
      await expectInputError(trainRegressionModel(rows, { target: TARGET, testFraction: 0.9 }), MlInputErrorCode.InvalidParameter, 'testFraction');
      await expectInputError(trainRegressionModel(rows, { target: TARGET, params: { epochs: -1 } }), MlInputErrorCode.InvalidParameter, 'params.epochs');
      await expectInputError(trainRegressionModel({} as never, { target: TARGET }), MlInputErrorCode.InvalidParameter, 'rows');
    });
  });
});

describe('trainTestSplit', () => {
  it('holds out round(n · fraction) rows, disjoint from training, reproducibly', () => {
    const { train, test } = trainTestSplit(101, 0.2, 5);
    expect(test.length).toBe(20);
    expect(train.length).toBe(81);
    expect(new Set([...train, ...test]).size).toBe(101);
    expect(trainTestSplit(101, 0.2, 5).test).toEqual(test);
    expect(trainTestSplit(101, 0.2, 6).test).not.toEqual(test);
    expect(trainTestSplit(10, 0.05, 1).test.length).toBe(1);
  });
});

describe('trainRegressionModel hooks', () => {
  beforeAll(() => initMlBackend());

  it('reports each epoch with a falling training loss, and stops when its signal is aborted', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ x: i / 200, y: 3 * (i / 200) + 1 }));
    const losses: number[] = [];
    await trainRegressionModel(rows, { target: 'y', params: { epochs: 8, hiddenUnits: [8] }, hooks: { onEpoch: (epoch, total, loss) => void losses.push(loss) } });
    expect(losses).toHaveLength(8);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);

    const controller = new AbortController();
    let seen = 0;
    const run = trainRegressionModel(rows, {
      target: 'y',
      params: { epochs: 50, hiddenUnits: [8] },
      hooks: { signal: controller.signal, onEpoch: (epoch) => void (seen = epoch, epoch === 3 && controller.abort()) },
    });
    await expect(run).rejects.toBeInstanceOf(MlCancelledError);
    expect(seen).toBe(3);
  });
});
