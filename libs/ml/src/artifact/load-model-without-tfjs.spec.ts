// Serving must not pay for TensorFlow.js: any attempt to load it in this file fails the test.
jest.mock('@tensorflow/tfjs', () => {
  throw new Error('@tensorflow/tfjs was loaded on the serving path');
});

import { encodeArtifact, loadModel, TabularPreprocessor, trainTabularModel, type ArtifactManifest } from '../index';

describe('loadModel without TensorFlow.js', () => {
  it('loads and predicts through the public entry point with tfjs unavailable', () => {
    const preprocessor = TabularPreprocessor.fit([{ x: 1 }, { x: 3 }], { features: ['x'] });
    const manifest = {
      formatVersion: 1,
      task: 'regression',
      algorithm: 'mlp',
      features: preprocessor.features,
      target: 'y',
      preprocessing: preprocessor.toJSON(),
      targetScaling: { mean: 5, std: 2 },
    } as unknown as ArtifactManifest;
    const bytes = encodeArtifact({
      manifest,
      weights: [{ inputs: 1, units: 1, activation: 'linear', kernel: Float32Array.from([1]), bias: Float32Array.from([0]) }],
    });
    // z_x = (x − 2) / 1, y = 5 + 2·z_x
    expect(Array.from(loadModel(bytes).predict([{ x: 3 }, { x: 0 }]))).toEqual([7, 1]);
  });

  it('trains gbdt and linear models and serves them (FSMJ) with tfjs unavailable', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({ x: i % 10, kind: i % 3 ? 'a' : 'b', y: (i % 10) * 2 + (i % 3 ? 1 : 0) }));
    for (const algorithm of ['gbdt', 'linear'] as const) {
      const trained = await trainTabularModel(rows, { task: 'regression', target: 'y', algorithm });
      const model = loadModel(trained.artifact);
      expect(model.info.algorithm).toBe(algorithm);
      expect(model.predict([{ x: 3, kind: 'a' }])).toHaveLength(1);
    }
  });
});
