/**
 * Training time per TensorFlow.js backend and serving-path inference time.
 *   npx tsx libs/ml/src/bench/ml.bench.ts            # wasm and cpu, each in its own process
 *   npx tsx libs/ml/src/bench/ml.bench.ts wasm|cpu   # one backend
 * Not part of the library's exports; numbers go to stdout as JSON lines.
 */
import { execFileSync } from 'node:child_process';
import { loadModel } from '../artifact/load-model';
import { initMlBackend } from '../backend/ml-backend';
import { tfjs } from '../backend/tfjs';
import type { Row } from '../frame/row';
import { DenseNetwork } from '../models/dense-network';
import { buildTfModel, fitMlpRegressor } from '../models/mlp-regressor';
import { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';
import { mulberry32, randomNormal } from '../random/prng';
import { trainRegressionModel } from '../training/train-regression-model';

function syntheticRows(n: number, seed: number): Row[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const x1 = randomNormal(rng);
    const x2 = randomNormal(rng);
    const flag = rng() < 0.3;
    return {
      x1,
      x2: i % 50 === 7 ? 'NA' : String(x2),
      flag: flag ? 'yes' : 'no',
      region: ['n', 's', 'e', 'w', 'c'][i % 5],
      y: 3 * x1 - 2 * x2 + 5 * (flag ? 1 : 0) + 0.5 * randomNormal(rng),
    };
  });
}

function matrix(rows: number, cols: number, seed: number) {
  const rng = mulberry32(seed);
  return { data: Float32Array.from({ length: rows * cols }, () => randomNormal(rng)), rows, cols };
}

/** Median of `repeats` timings of `iterations` calls, in ms per call. */
function timePerCall(fn: () => unknown, iterations: number, repeats = 7): number {
  for (let i = 0; i < iterations; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    samples.push((performance.now() - t0) / iterations);
  }
  return samples.sort((a, b) => a - b)[repeats >> 1];
}

async function runOne(backend: 'wasm' | 'cpu'): Promise<void> {
  await initMlBackend();
  const tf = tfjs();
  await tf.setBackend(backend);
  const report = (o: object) => console.log(JSON.stringify({ backend: tf.getBackend(), ...o }));

  // The walking skeleton's case: 2,000 messy rows, default parameters (60 epochs, [32, 16]).
  const rows = syntheticRows(2000, 1);
  let t0 = performance.now();
  const result = await trainRegressionModel(rows, { target: 'y' });
  report({ case: 'trainRegressionModel 2000 rows, defaults', ms: Math.round(performance.now() - t0), inputs: loadModel(result.artifact).info.features.length, encodedWidth: TabularPreprocessor.fromJSON(result.manifest.preprocessing).cols, rmse: +result.metrics.rmse.toFixed(3), baselineRmse: +result.baseline.metrics.rmse.toFixed(3) });

  // TOOLCHAIN.md's reference: 32 → 64 → 64 → 1, 5 epochs, 20k rows, batch 32.
  const big = matrix(20_000, 32, 2);
  const y = Float64Array.from({ length: 20_000 }, (_, i) => big.data[i * 32] - big.data[i * 32 + 1]);
  t0 = performance.now();
  const fit = await fitMlpRegressor(big, y, { hiddenUnits: [64, 64], epochs: 5 });
  report({ case: 'fit 20k x 32, [64, 64], 5 epochs, batch 32', ms: Math.round(performance.now() - t0) });

  if (backend !== 'wasm') return;
  // Serving: typed-array forward pass against tfjs predict on the same weights.
  const model = loadModel(result.artifact);
  const one = matrix(1, 32, 3);
  const batch = matrix(256, 32, 4);
  const tfModel = buildTfModel(fit.layers);
  const network = DenseNetwork.fromWeights(fit.layers);
  const tfOne = tf.tensor2d(one.data, [1, 32]);
  const tfBatch = tf.tensor2d(batch.data, [256, 32]);
  report({
    case: 'inference 32 → 64 → 64 → 1, ms per call',
    typedArray1: +timePerCall(() => network.forward(one.data, 1), 20_000).toFixed(5),
    typedArray256: +timePerCall(() => network.forward(batch.data, 256), 200).toFixed(4),
    tfjs1: +timePerCall(() => tf.tidy(() => (tfModel.predict(tfOne) as ReturnType<typeof tf.tensor>).dataSync()), 2000).toFixed(4),
    tfjs256: +timePerCall(() => tf.tidy(() => (tfModel.predict(tfBatch) as ReturnType<typeof tf.tensor>).dataSync()), 200).toFixed(4),
  });
  const probe = syntheticRows(256, 5);
  report({
    case: 'loadModel(...).predict on raw rows (preprocessing + forward), skeleton model, ms per call',
    rows1: +timePerCall(() => model.predict(probe.slice(0, 1)), 20_000).toFixed(5),
    rows256: +timePerCall(() => model.predict(probe), 200).toFixed(4),
  });
  tf.dispose([tfOne, tfBatch]);
  tfModel.dispose();
}

const which = process.argv[2];
if (which === 'wasm' || which === 'cpu') {
  void runOne(which);
} else {
  for (const backend of ['wasm', 'cpu']) {
    process.stdout.write(execFileSync(process.execPath, [...process.execArgv, process.argv[1], backend], { encoding: 'utf8' }));
  }
}
