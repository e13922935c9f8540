import { loadServableModel, readSequenceCell, ServableSequenceModel } from '../artifact/load-model';
import { initMlBackend } from '../backend/ml-backend';
import { MlCancelledError, MlInputError } from '../errors/ml-input.error';
import { mulberry32, randomInt, type Rng } from '../random/prng';
import { trainSequenceModel } from './train-sequence-model';

/**
 * Order amounts around 50 with at most one spike (+60). "yes" when the spike is among the last
 * three orders. Every sequence with a spike has the same mean and maximum wherever it falls,
 * so only where it sits in the order tells the classes apart.
 */
function spikeRows(n: number, rng: Rng): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => {
    const length = 8 + randomInt(rng, 13);
    const amounts = Array.from({ length }, () => Math.round((45 + 10 * rng()) * 100) / 100);
    const kind = i % 3; // 0: no spike, 1: early spike, 2: spike in the last 3
    const at = kind === 2 ? length - 1 - randomInt(rng, 3) : randomInt(rng, length - 3);
    if (kind !== 0) amounts[at] += 60;
    return { customer: `c${i}`, 'recent orders': amounts, 'spike lately': kind === 2 ? 'yes' : 'no' };
  });
}

describe('trainSequenceModel', () => {
  beforeAll(() => initMlBackend());

  it('learns where in the sequence a spike is, well above the majority baseline, and the artifact serves the same answers', async () => {
    const rows = spikeRows(900, mulberry32(7));
    const epochs: number[] = [];
    const started = performance.now();
    const result = await trainSequenceModel(rows, { task: 'classification', target: 'spike lately', seed: 3, hooks: { onEpoch: (e) => void epochs.push(e) } });
    const ms = Math.round(performance.now() - started);
    console.log(`lstm spike-in-last-3: accuracy ${result.metrics['accuracy']!.toFixed(3)} vs majority ${result.baseline.metrics['accuracy']!.toFixed(3)}, ` +
      `f1Macro ${result.metrics['f1Macro']!.toFixed(3)}, logLoss ${result.metrics['logLoss']!.toFixed(3)} vs ${result.baseline.metrics['logLoss']!.toFixed(3)}; ${epochs.length} epochs, ${ms} ms`);

    expect(result.algorithm).toBe('lstm');
    expect(result.features).toEqual(['recent orders']);
    expect(result.classes).toEqual(['no', 'yes']);
    expect(result.baseline.algorithm).toBe('majority');
    expect(result.baseline.metrics['accuracy']).toBeCloseTo(2 / 3, 1);
    expect(result.metrics['accuracy']).toBeGreaterThan(0.9);
    expect(result.metrics['logLoss']).toBeLessThan(result.baseline.metrics['logLoss']! / 2);
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i + 1));
    expect(result.trainingData).toMatchObject({ rows: 900, rowsUsed: 900, rowsDroppedMissingTarget: 0 });
    expect(result.sequences).toMatchObject({ column: 'recent orders', stepFeatures: 1, maxLength: 20, rowsDroppedMissingSequence: 0, rowsDroppedInvalidSequence: 0 });

    const served = loadServableModel(result.artifact);
    expect(served).toBeInstanceOf(ServableSequenceModel);
    const model = served as ServableSequenceModel;
    expect(model.info).toMatchObject({ task: 'classification', target: 'spike lately', sequenceColumn: 'recent orders', classes: ['no', 'yes'] });
    const flat = Array.from({ length: 12 }, () => 50);
    const late = [...flat.slice(0, 11), 115];
    const early = [50, 115, ...flat.slice(2)];
    // A JSON string is how a sequence fits a flat feature map at serving time.
    const read = model.readRows([{ 'recent orders': JSON.stringify(late) }, { 'recent orders': early }]);
    if (!('sequences' in read)) throw new Error(`unreadable: ${read.why}`);
    expect(Array.from(model.model.predict(read.sequences))).toEqual([1, 0]);
  }, 120_000);

  it('regresses on the order of the steps: the sum of the last three of two features each', async () => {
    const rng = mulberry32(11);
    const rows = Array.from({ length: 400 }, () => {
      const steps = Array.from({ length: 4 + randomInt(rng, 8) }, () => [rng(), rng()]);
      return { events: steps, total: steps.slice(-3).reduce((s, [a]) => s + a!, 0) };
    });
    const result = await trainSequenceModel(rows, { task: 'regression', target: 'total', params: { epochs: 30, patience: 6 }, seed: 1 });
    console.log(`lstm last-3 sum: rmse ${result.metrics['rmse']!.toFixed(3)} vs mean ${result.baseline.metrics['rmse']!.toFixed(3)}, r2 ${result.metrics['r2']!.toFixed(3)}`);
    expect(result.sequences.stepFeatures).toBe(2);
    expect(result.baseline.algorithm).toBe('mean');
    expect(result.metrics['r2']).toBeGreaterThan(0.6);
    expect(result.metrics['rmse']).toBeLessThan(result.baseline.metrics['rmse']! * 0.6);
  }, 120_000);

  it('reads messy sequences: JSON text kept, missing or empty dropped and counted, non-numeric or odd-width steps dropped and counted', async () => {
    const rows: Array<Record<string, unknown>> = spikeRows(60, mulberry32(5)).map((r, i) => (i % 2 ? { ...r, 'recent orders': JSON.stringify(r['recent orders']) } : r));
    rows.push(
      { customer: 'm1', 'spike lately': 'no' },
      { customer: 'm2', 'recent orders': [], 'spike lately': 'no' },
      { customer: 'm3', 'recent orders': '[]', 'spike lately': 'yes' },
      { customer: 'm4', 'recent orders': null, 'spike lately': 'yes' },
      { customer: 'b1', 'recent orders': [1, 'two', 3], 'spike lately': 'no' },
      { customer: 'b2', 'recent orders': '[1, 2,', 'spike lately': 'no' },
      { customer: 'b3', 'recent orders': [[1, 2], [3, 4]], 'spike lately': 'yes' },
      { customer: 'b4', 'recent orders': 42, 'spike lately': 'yes' },
      { customer: 't1', 'recent orders': [50, 51], 'spike lately': null },
    );
    const result = await trainSequenceModel(rows, { task: 'classification', target: 'spike lately', params: { epochs: 2 } });
    expect(result.sequences).toMatchObject({ rowsDroppedMissingSequence: 4, rowsDroppedInvalidSequence: 4 });
    expect(result.trainingData).toMatchObject({ rows: 69, rowsUsed: 60, rowsDroppedMissingTarget: 1 });
  }, 60_000);

  it('reads one cell as a sequence the documented ways', () => {
    expect(readSequenceCell([1, 2.5])).toEqual({ kind: 'sequence', steps: [[1], [2.5]] });
    expect(readSequenceCell(' [[1,2],[3,4]] ')).toEqual({ kind: 'sequence', steps: [[1, 2], [3, 4]] });
    for (const missing of [undefined, null, '', 'NA', [], '[]']) expect(readSequenceCell(missing)).toEqual({ kind: 'missing' });
    for (const bad of ['1,2,3', '{"a":1}', [1, null], [[1], [2, 3]], [[]], true, 7, [Number.NaN]]) expect(readSequenceCell(bad).kind).toBe('invalid');
  });

  it('refuses a request it cannot honour, naming the field', async () => {
    const rows = spikeRows(30, mulberry32(9));
    const fails = (promise: Promise<unknown>, field: string, message: RegExp) =>
      expect(promise).rejects.toEqual(expect.objectContaining({ name: MlInputError.name, field, message: expect.stringMatching(message) }));
    await fails(trainSequenceModel(rows.map(({ 'recent orders': _s, ...r }) => r), { task: 'classification', target: 'spike lately' }), 'features', /no column holds any/);
    await fails(
      trainSequenceModel(rows.map((r) => ({ ...r, returns: '[0, 1]' })), { task: 'classification', target: 'spike lately' }),
      'features',
      /several columns hold sequences \("recent orders", "returns"\)/,
    );
    await fails(trainSequenceModel(rows, { task: 'classification', target: 'spike lately', sequenceColumn: 'orders' }), 'features', /"orders" is not in any row/);
    await fails(trainSequenceModel(rows, { task: 'classification', target: 'spike lately', params: { hiddenUnits: 8 } }), 'params.hiddenUnits', /takes units, epochs/);
    await fails(trainSequenceModel(rows, { task: 'classification', target: 'spike lately', params: { epochs: 0 } }), 'params.epochs', /integer from 1/);
    await fails(
      trainSequenceModel(rows.slice(0, 12).map((r, i) => (i < 5 ? { ...r, 'recent orders': 'n/a' } : r)), { task: 'classification', target: 'spike lately' }),
      'rows',
      /at least 10 rows .* found 7 \(5 rows/,
    );
  });

  it('stops at the next epoch once its signal is aborted', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = trainSequenceModel(spikeRows(120, mulberry32(2)), {
      task: 'classification',
      target: 'spike lately',
      params: { epochs: 50, patience: 0 },
      hooks: {
        signal: controller.signal,
        onEpoch: (epoch) => {
          seen.push(epoch);
          if (epoch === 2) controller.abort();
        },
      },
    });
    await expect(run).rejects.toBeInstanceOf(MlCancelledError);
    expect(seen).toEqual([1, 2]);
  }, 60_000);
});
