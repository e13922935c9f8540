import { MlArtifactError } from '../errors/ml-input.error';
import { LinearRegressor } from '../models/linear/linear-regressor';
import { LogisticRegression } from '../models/linear/logistic-regression';
import { SoftmaxRegression } from '../models/linear/softmax-regression';
import { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';
import { SplitConformalRegressor } from '../uncertainty/split-conformal-regressor';
import { decodeJsonArtifact, encodeJsonArtifact, type JsonModelArtifact } from './json-artifact-codec';
import { loadModel } from './load-model';

const FIT = { algorithm: 'cholesky', lambda: 0, l1Ratio: 0, standardized: false, iterations: 1, converged: true } as const;

/**
 * Preprocessing of x (values 0, 2, 4 → mean 2, σ = √(8/3)) and a one-hot `kind` (a, b):
 * inputs [z_x, kind=a, kind=b]. Regression: y = 10 + 3·z_x + 1·[a] − 2·[b], with conformal
 * half-widths 0.5 (80%) and 1.5 (95%) from calibration residuals 0.1…2.0.
 */
function regressionArtifact(): JsonModelArtifact {
  const preprocessor = TabularPreprocessor.fit(
    [
      { x: 0, kind: 'a' },
      { x: 2, kind: 'b' },
      { x: 4, kind: 'a' },
    ],
    { features: ['x', 'kind'] },
  );
  const residuals = Array.from({ length: 20 }, (_, i) => (i + 1) / 10);
  return {
    formatVersion: 1,
    info: { task: 'regression', algorithm: 'linear', target: 'sales (€)', features: preprocessor.features },
    preprocessing: preprocessor.toJSON(),
    model: new LinearRegressor(Float64Array.from([3, 1, -2]), 10, FIT).toJSON(),
    conformal: SplitConformalRegressor.calibrate(residuals, new Array(20).fill(0)).toJSON(),
    metrics: { mae: 0.4, rmse: 0.5, r2: 0.9 },
    baseline: { algorithm: 'mean', metrics: { mae: 2, rmse: 2.5, r2: -0.01 } },
    params: { l2: 0.001, l1: 0 },
    candidates: [{ algorithm: 'linear', validation: { mae: 0.3, rmse: 0.45, r2: 0.95 } }],
    featureImportance: { x: 0.8, kind: 0.1 },
    trainingData: { rows: 3, hash: 'ab'.repeat(32), rowsUsed: 3, rowsDroppedMissingTarget: 0, trainRows: 2, validationRows: 1, testRows: 1, splitSeed: 42 },
    createdAt: '2024-03-01T00:00:00.000Z',
  };
}

/** The same inputs, P(churn = "yes") = σ(−1 + 2·z_x + 0.5·[a]). */
function classifierArtifact(): JsonModelArtifact {
  const base = regressionArtifact();
  const { conformal: _, ...rest } = base;
  return {
    ...rest,
    info: { task: 'classification', algorithm: 'linear', target: 'churn', features: base.info.features, classes: ['no', 'yes'] },
    model: new LogisticRegression(Float64Array.from([2, 0.5, 0]), -1, { ...FIT, algorithm: 'newton' }).toJSON(),
    metrics: { accuracy: 0.9, f1Macro: 0.88, logLoss: 0.3, rocAuc: 0.95 },
    baseline: { algorithm: 'majority', metrics: { accuracy: 0.6, f1Macro: 0.375, logLoss: 0.67, rocAuc: 0.5 } },
  };
}

const z = (x: number) => (x - 2) / Math.sqrt(8 / 3);
const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

describe('JSON model artifact (FSMJ)', () => {
  it('has the documented layout and round-trips exactly', () => {
    const artifact = regressionArtifact();
    const bytes = encodeJsonArtifact(artifact);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('FSMJ');
    expect(view.getUint32(4, true)).toBe(1);
    expect(view.getUint32(8, true)).toBe(bytes.length - 44);
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(44))).info.target).toBe('sales (€)');
    expect(decodeJsonArtifact(bytes)).toEqual(artifact);
    expect(encodeJsonArtifact(decodeJsonArtifact(bytes))).toEqual(bytes);
    const padded = new Uint8Array(bytes.length + 5);
    padded.set(bytes, 2);
    expect(decodeJsonArtifact(padded.subarray(2, 2 + bytes.length))).toEqual(artifact);
  });

  it('serves a linear regression with its conformal intervals, rows read like training rows', () => {
    const model = loadModel(encodeJsonArtifact(regressionArtifact()));
    const features = [
      { name: 'x', type: 'numeric' },
      { name: 'kind', type: 'categorical' },
    ];
    expect(model.info).toEqual({ task: 'regression', algorithm: 'linear', target: 'sales (€)', features });
    expect(Object.isFrozen(model.info)).toBe(true);
    const predictions = model.predict([{ x: 4, kind: 'a' }, { x: ' 3 ', kind: 'b', extra: 1 }, { kind: 'zzz' }]);
    expect(predictions[0]).toBeCloseTo(10 + 3 * z(4) + 1, 5);
    expect(predictions[1]).toBeCloseTo(10 + 3 * z(3) - 2, 5);
    expect(predictions[2]).toBeCloseTo(10, 5); // x missing → median 2; unseen kind → zeros
    expect(model.predictProba).toBeUndefined();
    // 20 residuals 0.1 … 2.0: the 80% half-width is the ⌈21·0.8⌉ = 17th, the 95% one the 20th.
    const i80 = model.interval!(predictions, 80);
    i80.upper.forEach((u, i) => expect(u - predictions[i]).toBeCloseTo(1.7, 12));
    i80.lower.forEach((l, i) => expect(predictions[i] - l).toBeCloseTo(1.7, 12));
    expect(model.interval!(predictions, 95).lower[0]).toBe(predictions[0] - 2);
    expect(() => model.interval!(predictions, 90)).toThrow(RangeError);
  });

  it('serves a classifier: class probabilities and the most probable class index', () => {
    const model = loadModel(encodeJsonArtifact(classifierArtifact()));
    expect(model.info.classes).toEqual(['no', 'yes']);
    const rows = [{ x: 4, kind: 'a' }, { x: 0, kind: 'b' }];
    const p = [sigmoid(-1 + 2 * z(4) + 0.5), sigmoid(-1 + 2 * z(0))];
    const proba = model.predictProba!(rows);
    expect(proba).toHaveLength(4);
    p.forEach((pi, i) => {
      expect(proba[2 * i + 1]).toBeCloseTo(pi, 6);
      expect(proba[2 * i]).toBeCloseTo(1 - pi, 6);
    });
    expect(Array.from(model.predict(rows))).toEqual([1, 0]);
    expect(model.interval).toBeUndefined();
  });

  it('rejects truncated, corrupted, future and inconsistent artifacts with MlArtifactError', () => {
    const bytes = encodeJsonArtifact(regressionArtifact());
    const expectRejected = (b: Uint8Array, message: RegExp) => {
      expect(() => loadModel(b)).toThrow(MlArtifactError);
      expect(() => loadModel(b)).toThrow(message);
    };
    expectRejected(bytes.subarray(0, bytes.length - 1), /length/);
    const flipped = bytes.slice();
    flipped[bytes.length - 10] ^= 0x01;
    expectRejected(flipped, /checksum/);
    const future = bytes.slice();
    future[4] = 2;
    expectRejected(future, /version 2/);
    expectRejected(new TextEncoder().encode('FSMX and more bytes than a preamble holds'), /magic/);
    expectRejected(new Uint8Array(2), /short/);

    const classifier = classifierArtifact();
    const threeClasses = new SoftmaxRegression(3, new Float64Array(9), new Float64Array(3), { ...FIT, algorithm: 'lbfgs' }).toJSON();
    expectRejected(encodeJsonArtifact({ ...classifier, model: threeClasses }), /needs a logistic-regression/);
    expect(loadModel(encodeJsonArtifact({ ...classifier, info: { ...classifier.info, classes: ['a', 'b', 'c'] }, model: threeClasses })).info.classes).toHaveLength(3);
    expectRejected(encodeJsonArtifact({ ...classifier, info: { ...classifier.info, classes: ['a', 'b', 'c', 'd'] }, model: threeClasses }), /predicts 3 classes but the artifact lists 4/);
    const regression = regressionArtifact();
    expectRejected(encodeJsonArtifact({ ...regression, model: new LinearRegressor(Float64Array.from([1, 2]), 0, FIT).toJSON() }), /expects 2 inputs but its preprocessing produces 3/);
    expectRejected(encodeJsonArtifact({ ...regression, info: { ...regression.info, features: [{ name: 'x', type: 'numeric' }] } }), /info.features/);
    expectRejected(encodeJsonArtifact({ ...classifier, conformal: regression.conformal! }), /conformal/);
    expectRejected(encodeJsonArtifact({ ...regression, info: { ...regression.info, algorithm: 'mlp' } }), /cannot hold a mlp/);
  });
});
