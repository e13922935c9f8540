import { MlArtifactError } from '../../errors/ml-input.error';
import { mulberry32, randomNormal } from '../../random/prng';
import { fitGbdt } from './fit-gbdt';
import { GbdtModel, type GbdtModelJSON } from './gbdt-model';
import type { GbdtObjective } from './gbdt-params';

function data(objective: GbdtObjective) {
  const rng = mulberry32(5);
  const rows = 600;
  const cols = 4;
  const x = Float32Array.from({ length: rows * cols }, () => (rng() < 0.1 ? NaN : randomNormal(rng)));
  const y = Float64Array.from({ length: rows }, (_, r) => {
    const s = (x[r * cols] || 0) + Math.sin(x[r * cols + 1] || 0) + (Number.isNaN(x[r * cols + 2]) ? 1 : 0);
    if (objective === 'regression') return s + 0.1 * randomNormal(rng);
    if (objective === 'binary') return s > 0.5 ? 1 : 0;
    return s < 0 ? 0 : s < 1 ? 1 : 2;
  });
  return { x, y, rows, cols };
}

describe('GbdtModel JSON', () => {
  it.each<GbdtObjective>(['regression', 'binary', 'multiclass'])('round-trips a %s model exactly through JSON text', (objective) => {
    const d = data(objective);
    const model = fitGbdt(d.x, d.rows, d.cols, d.y, { objective, maxIterations: 15, rowSubsample: 0.8 }, { x: d.x, rows: d.rows, y: d.y });
    const text = JSON.stringify(model.toJSON());
    const copy = GbdtModel.fromJSON(JSON.parse(text));
    expect(JSON.stringify(copy.toJSON())).toBe(text);
    expect(copy.predictRaw(d.x, d.rows)).toEqual(model.predictRaw(d.x, d.rows));
    expect(copy.predict(d.x, d.rows)).toEqual(model.predict(d.x, d.rows));
    expect(copy.forest.cover).toEqual(model.forest.cover);
    expect(copy.trainingHistory).toEqual(model.trainingHistory);
  });

  it('writes a +∞ threshold as null and reads it back', () => {
    const x = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? NaN : i));
    const y = Float64Array.from({ length: 100 }, (_, i) => (i % 2 ? 3 : 0));
    const model = fitGbdt(x, 100, 1, y, { maxIterations: 1, maxLeaves: 2, minSamplesLeaf: 1 });
    const json = model.toJSON();
    expect(json.trees.threshold[0]).toBeNull();
    expect(GbdtModel.fromJSON(JSON.parse(JSON.stringify(json))).forest.threshold[0]).toBe(Infinity);
  });

  describe('refuses what it did not write', () => {
    const d = data('regression');
    const good = fitGbdt(d.x, d.rows, d.cols, d.y, { maxIterations: 3 }).toJSON();
    const mutate = (f: (j: { -readonly [K in keyof GbdtModelJSON]: GbdtModelJSON[K] } & { trees: Record<string, unknown[]> }) => void) => {
      const copy = JSON.parse(JSON.stringify(good));
      f(copy);
      return copy;
    };
    it.each([
      ['another format', mutate((j) => void ((j as { format: string }).format = 'xgboost'))],
      ['a child pointing back up (a cycle)', mutate((j) => void (j.trees.leftChild[0] = 0))],
      ['a feature out of range', mutate((j) => void (j.trees.feature[0] = 99))],
      ['arrays of different lengths', mutate((j) => void j.trees.value.pop())],
      ['a zero cover', mutate((j) => void (j.trees.cover[1] = 0))],
      ['more rounds than bestIteration says', mutate((j) => void (j.bestIteration = 2))],
      ['invalid params', mutate((j) => void ((j.params as { learningRate: number }).learningRate = 5))],
    ])('%s', (_, json) => {
      expect(() => GbdtModel.fromJSON(json)).toThrow(MlArtifactError);
    });
  });
});

describe('GbdtModel predictions', () => {
  it('checks input shape and refuses predictProba on a regressor', () => {
    const d = data('regression');
    const model = fitGbdt(d.x, d.rows, d.cols, d.y, { maxIterations: 2 });
    expect(() => model.predict(new Float32Array(7), 2)).toThrow(RangeError);
    expect(() => model.predictProba(d.x, d.rows)).toThrow(TypeError);
  });

  it('gives binary probabilities as [1 − p, p] with p = σ(raw score)', () => {
    const d = data('binary');
    const model = fitGbdt(d.x, d.rows, d.cols, d.y, { objective: 'binary', maxIterations: 5 });
    const x = d.x.subarray(0, 3 * d.cols);
    const raw = model.predictRaw(x, 3);
    const proba = model.predictProba(x, 3);
    const p = model.predict(x, 3);
    for (let i = 0; i < 3; i++) {
      expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-raw[i])), 15);
      expect(proba[2 * i + 1]).toBe(p[i]);
      expect(proba[2 * i]).toBeCloseTo(1 - p[i], 15);
    }
  });
});
