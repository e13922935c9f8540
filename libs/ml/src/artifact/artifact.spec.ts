import { MlArtifactError } from '../errors/ml-input.error';
import type { DenseLayerWeights } from '../models/dense-network';
import { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';
import { decodeArtifact, encodeArtifact } from './artifact-codec';
import type { ArtifactManifest, ModelArtifact } from './artifact-manifest';
import { loadModel } from './load-model';

/**
 * A hand-built model: preprocessing of x (numeric: values 0, 2, 4 → mean 2, σ = √(8/3)) and a
 * one-hot `kind` (a, b), then y = 10 + 3·(2·z_x + 1·[kind=a] − 1·[kind=b]) through one hidden ReLU
 * unit with weights (2, 1, −1) and a linear output (weight 1); targetScaling mean 10, std 3.
 */
function handmadeArtifact(): ModelArtifact {
  const preprocessor = TabularPreprocessor.fit(
    [
      { x: 0, kind: 'a' },
      { x: 2, kind: 'b' },
      { x: 4, kind: 'a' },
    ],
    { features: ['x', 'kind'] },
  );
  const weights: DenseLayerWeights[] = [
    { inputs: 3, units: 1, activation: 'relu', kernel: Float32Array.from([2, 1, -1]), bias: Float32Array.from([0]) },
    { inputs: 1, units: 1, activation: 'linear', kernel: Float32Array.from([1]), bias: Float32Array.from([0]) },
  ];
  const metrics = { mae: 0.5, rmse: 0.75, r2: 0.9 };
  const manifest: ArtifactManifest = {
    formatVersion: 1,
    task: 'regression',
    algorithm: 'mlp',
    features: preprocessor.features,
    target: 'sales (€)',
    preprocessing: preprocessor.toJSON(),
    targetScaling: { mean: 10, std: 3 },
    params: { hiddenUnits: [1], epochs: 1, learningRate: 0.01, batchSize: 32, seed: 42 },
    metrics,
    baseline: { algorithm: 'mean', metrics: { mae: 2, rmse: 2.5, r2: -0.01 } },
    trainingData: { rows: 3, hash: 'ab'.repeat(32), rowsUsed: 3, rowsDroppedMissingTarget: 0, trainRows: 2, testRows: 1, splitSeed: 42 },
    backend: 'wasm',
    createdAt: '2024-03-01T00:00:00.000Z',
  };
  return { manifest, weights };
}

describe('model artifact', () => {
  it('round-trips manifest and weights exactly, including awkward floats', () => {
    const artifact = handmadeArtifact();
    const awkward = Float32Array.from([Math.fround(Math.PI), -0, 1e-45, -3.4028234663852886e38, 0.1]);
    const withAwkward: ModelArtifact = {
      manifest: artifact.manifest,
      weights: [
        { inputs: 3, units: 1, activation: 'relu', kernel: awkward.subarray(0, 3), bias: awkward.subarray(3, 4) },
        { inputs: 1, units: 1, activation: 'linear', kernel: awkward.subarray(4, 5), bias: Float32Array.from([0]) },
      ],
    };
    const bytes = encodeArtifact(withAwkward);
    const decoded = decodeArtifact(bytes);
    expect(decoded.manifest).toEqual(withAwkward.manifest);
    expect(decoded.weights.map((l) => ({ ...l, kernel: Array.from(l.kernel), bias: Array.from(l.bias) }))).toEqual(
      withAwkward.weights.map((l) => ({ ...l, kernel: Array.from(l.kernel), bias: Array.from(l.bias) })),
    );
    expect(Object.is(decoded.weights[0].kernel[1], -0)).toBe(true);
    expect(decoded.weights[0].kernel[2]).toBe(Math.fround(1e-45)); // a subnormal survives
    expect(encodeArtifact(decoded)).toEqual(bytes);
  });

  it('has the documented layout: magic, version, lengths, readable JSON, aligned float32 weights', () => {
    const bytes = encodeArtifact(handmadeArtifact());
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('FSML');
    expect(view.getUint32(4, true)).toBe(1);
    const h = view.getUint32(8, true);
    const w = view.getUint32(12, true);
    expect(h % 4).toBe(0);
    expect(w).toBe((3 + 1 + 1 + 1) * 4);
    expect(bytes.length).toBe(16 + h + w);
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + h))).manifest.target).toBe('sales (€)');
    expect(view.getFloat32(16 + h, true)).toBe(2); // first kernel value
  });

  it('decodes from a Uint8Array that is a view into a larger buffer', () => {
    const bytes = encodeArtifact(handmadeArtifact());
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    expect(decodeArtifact(padded.subarray(3, 3 + bytes.length))).toEqual(decodeArtifact(bytes));
  });

  it('rejects truncated, corrupted and foreign bytes', () => {
    const bytes = encodeArtifact(handmadeArtifact());
    expect(() => decodeArtifact(bytes.subarray(0, bytes.length - 4))).toThrow(MlArtifactError);
    const flipped = bytes.slice();
    flipped[flipped.length - 2] ^= 0x40;
    expect(() => decodeArtifact(flipped)).toThrow(/checksum/);
    expect(() => decodeArtifact(new TextEncoder().encode('{"formatVersion":1}'))).toThrow(/magic|short/);
    const future = bytes.slice();
    future[4] = 2;
    expect(() => decodeArtifact(future)).toThrow(/version 2/);
  });

  it('serves predictions from the typed-array forward pass, rows read like training rows', () => {
    const artifact = handmadeArtifact();
    const model = loadModel(encodeArtifact(artifact));
    const s = Math.sqrt(8 / 3);
    const z = (x: number) => (x - 2) / s;
    // hidden = relu(2·z + [a] − [b]); y = 10 + 3·hidden
    const expected = [
      10 + 3 * Math.max(0, 2 * z(4) + 1), // x 4, kind a
      10 + 3 * Math.max(0, 2 * z(3) - 1), // "3" as a string, kind b
      10 + 3 * Math.max(0, 2 * z(0) + 1), // x 0 → negative pre-activation → 10
      10 + 3 * Math.max(0, 2 * z(2)), // x missing → median 2; kind unseen → zeros
    ];
    const predictions = model.predict([{ x: 4, kind: 'a' }, { x: ' 3 ', kind: 'b', extra: true }, { x: 0, kind: 'a' }, { kind: 'zzz' }]);
    expect(predictions).toBeInstanceOf(Float64Array);
    expected.forEach((y, i) => expect(predictions[i]).toBeCloseTo(y, 5));
    expect(predictions[2]).toBe(10);
    expect(model.predict([])).toEqual(new Float64Array(0));
    expect(model.info).toEqual({ task: 'regression', algorithm: 'mlp', target: 'sales (€)', features: artifact.manifest.features });
    expect(Object.isFrozen(model.info)).toBe(true);
  });

  it('refuses an artifact whose network does not fit its preprocessing', () => {
    const artifact = handmadeArtifact();
    const [first, second] = artifact.weights;
    const wrong = { ...artifact, weights: [{ ...first, inputs: 2, kernel: Float32Array.from([1, 1]) }, second] };
    expect(() => loadModel(encodeArtifact(wrong))).toThrow(/expects 2 inputs but its preprocessing produces 3/);
  });
});
