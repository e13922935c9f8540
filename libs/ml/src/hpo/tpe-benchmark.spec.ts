import { optimize, type SamplerOption } from './optimize';
import { defineSearchSpace, type SearchSpace, type SampledParams } from './search-space';

/**
 * TPE against random search at an equal budget, on test functions with known minima, over
 * several seeds. Each seed gives both samplers the same start (TPE's first 10 trials are random).
 */

/** Branin–Hoo on [−5, 10] × [0, 15]; global minimum 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475). */
function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const braninSpace = defineSearchSpace({
  x1: { type: 'float', low: -5, high: 10 },
  x2: { type: 'float', low: 0, high: 15 },
});

/** A sphere in 5-D on [−5, 5]⁵ whose minimum 0 sits off-centre, so that the prior's mean is no help. */
const SHIFT = [1.3, -2.1, 0.7, 2.9, -0.4];
const sphereSpace = defineSearchSpace({
  x0: { type: 'float', low: -5, high: 5 },
  x1: { type: 'float', low: -5, high: 5 },
  x2: { type: 'float', low: -5, high: 5 },
  x3: { type: 'float', low: -5, high: 5 },
  x4: { type: 'float', low: -5, high: 5 },
});
const sphere = (p: SampledParams) => SHIFT.reduce((s, c, i) => s + ((p[`x${i}`] as number) - c) ** 2, 0);

async function bestValues(space: SearchSpace, f: (p: SampledParams) => number, sampler: SamplerOption, trials: number, seeds: number): Promise<number[]> {
  const out: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const { best } = await optimize({ space, objective: async (p) => f(p as SampledParams), direction: 'minimize', sampler, trials, seed });
    out.push(best.value);
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('TPE versus random search at equal budget', () => {
  const seeds = 10;

  it('Branin, 60 trials: TPE finds lower values on average and on most seeds', async () => {
    const random = await bestValues(braninSpace, (p) => branin(p['x1'] as number, p['x2'] as number), 'random', 60, seeds);
    const tpe = await bestValues(braninSpace, (p) => branin(p['x1'] as number, p['x2'] as number), 'tpe', 60, seeds);
    const wins = tpe.filter((v, i) => v < random[i]).length;
    console.log(
      `Branin (min 0.397887), 60 trials × ${seeds} seeds — mean best: random ${mean(random).toFixed(4)}, TPE ${mean(tpe).toFixed(4)}; TPE better on ${wins}/${seeds} seeds`,
    );
    expect(mean(tpe)).toBeLessThan(mean(random));
    expect(wins).toBeGreaterThanOrEqual(7);
    expect(Math.min(...tpe)).toBeLessThan(0.45);
  });

  it('shifted 5-D sphere, 100 trials: TPE (independent and multivariate) beats random by a wide margin', async () => {
    const random = await bestValues(sphereSpace, sphere, 'random', 100, seeds);
    const tpe = await bestValues(sphereSpace, sphere, 'tpe', 100, seeds);
    const joint = await bestValues(sphereSpace, sphere, { kind: 'tpe', multivariate: true }, 100, seeds);
    const wins = tpe.filter((v, i) => v < random[i]).length;
    console.log(
      `5-D shifted sphere (min 0), 100 trials × ${seeds} seeds — mean best: random ${mean(random).toFixed(4)}, TPE ${mean(tpe).toFixed(4)}, multivariate TPE ${mean(joint).toFixed(4)}; TPE better on ${wins}/${seeds} seeds`,
    );
    expect(mean(tpe)).toBeLessThan(0.5 * mean(random));
    expect(mean(joint)).toBeLessThan(0.5 * mean(random));
    expect(wins).toBeGreaterThanOrEqual(8);
  });
});
