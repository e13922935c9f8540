import { MlInputError, type MlInputErrorCode } from '../errors/ml-input.error';
import type { Row } from '../frame/row';
import { mulberry32, randomNormal } from '../random/prng';
import type { TrainTabularResult } from './train-tabular-model';

/** Rows and reporting shared by the tabular trainer's specs. */
export const REGIONS = ['north', 'south', 'east', 'west'];

/**
 * x1, x2, x3 ~ N(0, 1), a region, and a pure-noise column, sent the way users send them (some
 * numbers as strings, a few gaps). y by `signal`:
 * - mixed: 3·x1 − 2·x2 + 2·sin(2·x3) + 4·[north] + ε
 * - xor: 10·[x1 > 0 xor x2 > 0] + ε (no straight line gets anywhere)
 * - linear: 2·x1 − x2 + 0.5·x3 + ε
 * with ε ~ N(0, noise²).
 */
export function regressionRows(n: number, seed: number, signal: 'mixed' | 'xor' | 'linear', noise = 0.5): Row[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const [x1, x2, x3] = [randomNormal(rng), randomNormal(rng), randomNormal(rng)];
    const region = REGIONS[Math.floor(rng() * REGIONS.length)];
    const signalValue =
      signal === 'mixed'
        ? 3 * x1 - 2 * x2 + 2 * Math.sin(2 * x3) + (region === 'north' ? 4 : 0)
        : signal === 'xor'
          ? x1 > 0 !== x2 > 0
            ? 10
            : 0
          : 2 * x1 - x2 + 0.5 * x3;
    return {
      x1: i % 3 === 0 ? ` ${x1} ` : x1,
      x2: i % 41 === 7 ? 'NA' : x2,
      x3,
      region,
      noise: randomNormal(rng),
      y: signalValue + noise * randomNormal(rng),
    };
  });
}

/**
 * The same inputs; label by `kind`:
 * - binary: "churned" with probability σ(2·x1 − 1.5·x2 + [north]), else "stayed"
 * - multiclass: the largest of x1, x2, −x1 − x2 + [north], each plus N(0, 0.5²): gold, silver, bronze
 * - xor: "A" when x1 > 0 xor x2 > 0, else "B", 5% of labels flipped
 */
export function classificationRows(n: number, seed: number, kind: 'binary' | 'multiclass' | 'xor'): Row[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const [x1, x2, x3] = [randomNormal(rng), randomNormal(rng), randomNormal(rng)];
    const region = REGIONS[Math.floor(rng() * REGIONS.length)];
    const north = region === 'north' ? 1 : 0;
    let label: string;
    if (kind === 'binary') label = rng() < 1 / (1 + Math.exp(-(2 * x1 - 1.5 * x2 + north))) ? 'churned' : 'stayed';
    else if (kind === 'multiclass') {
      const scores = [x1, x2, -x1 - x2 + north].map((s) => s + 0.5 * randomNormal(rng));
      label = ['gold', 'silver', 'bronze'][scores.indexOf(Math.max(...scores))];
    } else label = (x1 > 0 !== x2 > 0) !== rng() < 0.05 ? 'A' : 'B';
    return { x1, x2, x3, region, noise: randomNormal(rng), label };
  });
}

export function summary(name: string, r: TrainTabularResult): string {
  const fmt = (m: Record<string, number>) =>
    Object.entries(m)
      .map(([k, v]) => `${k} ${v.toFixed(3)}`)
      .join(', ');
  return (
    `${name}: chose ${r.algorithm} — held-out ${fmt(r.metrics)} | ${r.baseline.algorithm} baseline ${fmt(r.baseline.metrics)}\n` +
    `  validation: ${r.candidates.map((c) => `${c.algorithm} {${fmt(c.validation)}}`).join('; ')}\n` +
    `  importance: ${fmt(r.featureImportance)}`
  );
}

export async function inputError(promise: Promise<unknown>, code: MlInputErrorCode, field: string): Promise<MlInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MlInputError);
  expect({ code: (error as MlInputError).code, field: (error as MlInputError).field }).toEqual({ code, field });
  return error as MlInputError;
}

