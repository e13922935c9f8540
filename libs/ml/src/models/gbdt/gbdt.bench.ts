/**
 * GBDT training time and batch inference throughput on one core.
 *   npx tsx libs/ml/src/models/gbdt/gbdt.bench.ts [rows] [trees]
 * Defaults: 100,000 rows × 20 features, 100 trees of depth 6 (depth-wise, ≤ 64 leaves).
 * Targets: training ≤ 20 s, inference ≥ 500,000 rows/s. Not exported; JSON lines on stdout.
 * Wall and CPU time are both reported: on a shared box the gap between them is time spent
 * waiting for a core, not time this code needs.
 */
import { cpus, loadavg } from 'node:os';
import { mulberry32, randomNormal } from '../../random/prng';
import { fitGbdt } from './fit-gbdt';

const rows = Number(process.argv[2] ?? 100_000);
const trees = Number(process.argv[3] ?? 100);
const cols = 20;

/** Half the features carry signal (smooth, step and interaction terms), the rest are noise; 2% missing. */
function dataset(n: number, seed: number) {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * cols);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < cols; c++) x[r * cols + c] = rng() < 0.02 ? NaN : randomNormal(rng);
    const v = (c: number) => (Number.isNaN(x[r * cols + c]) ? 0 : x[r * cols + c]);
    y[r] = 3 * Math.sin(v(0)) + 2 * (v(1) > 0.5 ? 1 : 0) + v(2) * v(3) + Math.abs(v(4)) - v(5) + 0.5 * v(6) ** 2 + 0.5 * randomNormal(rng);
  }
  return { x, y };
}

const train = dataset(rows, 1);
const test = dataset(rows, 2);
const report = (o: object) => console.log(JSON.stringify(o));
report({
  machine: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} logical cores`,
  node: process.version,
  loadavg1m: Number(loadavg()[0].toFixed(2)),
});

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const model = fitGbdt(train.x, rows, cols, train.y, {
  maxIterations: trees,
  growth: 'depthwise',
  maxDepth: 6,
  maxLeaves: 64,
  learningRate: 0.1,
  minSamplesLeaf: 20,
});
const trainSeconds = (performance.now() - t0) / 1000;
const trainCpu = process.cpuUsage(cpu0);
report({
  case: 'train',
  rows,
  cols,
  trees: model.treeCount,
  nodes: model.forest.feature.length,
  wallSeconds: Number(trainSeconds.toFixed(2)),
  cpuSeconds: Number(((trainCpu.user + trainCpu.system) / 1e6).toFixed(2)),
  targetSeconds: 20,
});

const wall: number[] = [];
const cpu: number[] = [];
model.predict(test.x, rows);
for (let i = 0; i < 9; i++) {
  const c = process.cpuUsage();
  const t = performance.now();
  model.predict(test.x, rows);
  wall.push(performance.now() - t);
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
}
const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
let se = 0;
const p = model.predict(test.x, rows);
for (let i = 0; i < rows; i++) se += (p[i] - test.y[i]) ** 2;
report({
  case: 'predict',
  rows,
  trees: model.treeCount,
  medianWallMs: Number(median(wall).toFixed(1)),
  medianCpuMs: Number(median(cpu).toFixed(1)),
  rowsPerSecondWall: Math.round((rows / median(wall)) * 1000),
  rowsPerSecondCpu: Math.round((rows / median(cpu)) * 1000),
  targetRowsPerSecond: 500_000,
  heldOutRmse: Number(Math.sqrt(se / rows).toFixed(3)),
});
