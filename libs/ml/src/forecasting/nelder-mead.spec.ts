import { nelderMead } from './nelder-mead';

describe('nelderMead', () => {
  it('finds the minimum (1, 1) of the Rosenbrock function from (−1.2, 1)', () => {
    const rosenbrock = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const r = nelderMead(rosenbrock, [-1.2, 1], { fTolerance: 1e-14, xTolerance: 1e-8, maxEvaluations: 5000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
    expect(r.value).toBeLessThan(1e-10);
  });

  it('minimises a 4-d quadratic with distinct curvatures', () => {
    const target = [3, -1, 0.5, 10];
    const f = (x: Float64Array) => target.reduce((s, t, i) => s + (i + 1) ** 2 * (x[i] - t) ** 2, 0);
    const r = nelderMead(f, [0, 0, 0, 0], { fTolerance: 1e-14, xTolerance: 1e-9, maxEvaluations: 20_000 });
    target.forEach((t, i) => expect(r.x[i]).toBeCloseTo(t, 5));
  });

  it('stays inside box constraints and finds a minimum on the boundary', () => {
    const seen: number[] = [];
    const f = (x: Float64Array) => {
      seen.push(x[0]);
      return (x[0] - 5) ** 2 + (x[1] - 0.3) ** 2;
    };
    const r = nelderMead(f, [0, 0], { lower: [-1, -1], upper: [2, 1], fTolerance: 1e-12, xTolerance: 1e-9 });
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    expect(r.x[0]).toBeCloseTo(2, 6);
    expect(r.x[1]).toBeCloseTo(0.3, 4);
  });

  it('treats Infinity and NaN as infeasible and respects the evaluation budget', () => {
    const f = (x: Float64Array) => (x[0] < 0 ? Infinity : x[0] > 4 ? NaN : (x[0] - 1) ** 2);
    const r = nelderMead(f, [3], { fTolerance: 1e-12, xTolerance: 1e-9 });
    expect(r.x[0]).toBeCloseTo(1, 5);
    const capped = nelderMead((x) => x[0] ** 2 + x[1] ** 2, [5, 5], { maxEvaluations: 10, restarts: 0 });
    expect(capped.evaluations).toBeLessThanOrEqual(12);
    expect(capped.converged).toBe(false);
  });
});
