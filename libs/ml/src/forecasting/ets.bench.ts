/**
 * ETS throughput and accuracy on synthetic monthly series.
 *   npx tsx libs/ml/src/forecasting/ets.bench.ts [count=1000] [length=120] [initialStates=heuristic]
 * 1. Times fitEtsMany with automatic selection on `count` series of `length` points (one core;
 *    target: 1,000 × 120 in ≤ 10 s).
 * 2. Refits each series without its last 12 points and compares ETS with seasonal naive on them
 *    by MASE (period 12) and sMAPE (metrics/classification).
 * Series: level 50–500, linear trend of −0.2%…+0.8% of the level a month, a yearly pattern of
 * two harmonics (amplitude 5–30%, additive or multiplicative), a slowly wandering level and
 * Gaussian noise of 1–8% of the level; all seeded. Not part of the library's exports; the
 * summary goes to stdout as JSON lines.
 */
import { deriveSeed, mulberry32, randomNormal, type Rng } from '../random';
import { SeasonalNaiveForecaster } from './baseline-forecasters';
import type { EtsInitialStates } from './ets-fit';
import { fitEtsMany } from './ets-many';
import { mase, smape } from '../metrics/classification';

const PERIOD = 12;
const HOLDOUT = 12;

export function syntheticMonthlySeries(count: number, length: number, seed: number): Float64Array[] {
  return Array.from({ length: count }, (_, i) => syntheticSeries(mulberry32(deriveSeed(seed, `series-${i}`)), length));
}

function syntheticSeries(rng: Rng, length: number): Float64Array {
  const uniform = (a: number, b: number) => a + (b - a) * rng();
  const base = uniform(50, 500);
  const slope = base * uniform(-0.002, 0.008);
  const amplitude = uniform(0.05, 0.3);
  const phase1 = uniform(0, 2 * Math.PI);
  const phase2 = uniform(0, 2 * Math.PI);
  const second = uniform(0, 0.5);
  const multiplicative = rng() < 0.5;
  const noise = uniform(0.01, 0.08);
  const wander = uniform(0, 0.01);
  const y = new Float64Array(length);
  let drift = 0;
  for (let t = 0; t < length; t++) {
    const angle = (2 * Math.PI * t) / PERIOD;
    const pattern = Math.sin(angle + phase1) + second * Math.sin(2 * angle + phase2);
    drift += wander * base * randomNormal(rng);
    const level = base + slope * t + drift;
    const seasonal = multiplicative ? level * amplitude * pattern : base * amplitude * pattern;
    y[t] = Math.max(1, level + seasonal + noise * base * randomNormal(rng));
  }
  return y;
}

function main(): void {
  const count = Number(process.argv[2] ?? 1000);
  const length = Number(process.argv[3] ?? 120);
  const initialStates = (process.argv[4] ?? 'heuristic') as EtsInitialStates;
  const series = syntheticMonthlySeries(count, length, 2024);
  const options = { period: PERIOD, initialStates };

  let t0 = performance.now();
  let cpu0 = process.cpuUsage();
  const models = fitEtsMany(series, options);
  const fitSeconds = (performance.now() - t0) / 1000;
  const fitCpuSeconds = cpuSeconds(cpu0);
  const chosen = new Map<string, number>();
  for (const model of models) chosen.set(model.name, (chosen.get(model.name) ?? 0) + 1);
  console.log(
    JSON.stringify({
      task: 'fitEtsMany, automatic selection',
      series: count,
      length,
      initialStates,
      seconds: round(fitSeconds),
      cpuSeconds: round(fitCpuSeconds),
      seriesPerSecond: round(count / fitSeconds),
      targetSeconds: 10,
      models: Object.fromEntries([...chosen].sort((a, b) => b[1] - a[1])),
    }),
  );

  const training = series.map((y) => y.subarray(0, length - HOLDOUT));
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  const heldOutModels = fitEtsMany(training, options);
  const refitSeconds = (performance.now() - t0) / 1000;
  const refitCpuSeconds = cpuSeconds(cpu0);
  let etsMase = 0;
  let naiveMase = 0;
  let etsSmape = 0;
  let naiveSmape = 0;
  let etsWins = 0;
  series.forEach((y, i) => {
    const actual = y.subarray(length - HOLDOUT);
    const ets = heldOutModels[i].pointForecast(HOLDOUT);
    const naive = new SeasonalNaiveForecaster(PERIOD).fit(training[i]).forecast(HOLDOUT, { levels: [] }).mean;
    const a = mase(actual, ets, training[i], PERIOD);
    const b = mase(actual, naive, training[i], PERIOD);
    etsMase += a;
    naiveMase += b;
    if (a < b) etsWins++;
    etsSmape += smape(actual, ets);
    naiveSmape += smape(actual, naive);
  });
  console.log(
    JSON.stringify({
      task: `held-out last ${HOLDOUT} points`,
      refitSeconds: round(refitSeconds),
      refitCpuSeconds: round(refitCpuSeconds),
      mase: { ets: round(etsMase / count), seasonalNaive: round(naiveMase / count) },
      smapePercent: { ets: round((100 * etsSmape) / count), seasonalNaive: round((100 * naiveSmape) / count) },
      etsBetterOnShare: round(etsWins / count),
    }),
  );
}

/** User + system CPU time since `start`: the one-core cost, unaffected by other processes' load. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (require.main === module) main();
