import { minimizeLbfgs } from './lbfgs';

describe('L-BFGS', () => {
  it('finds the minimum (1, 1) of the Rosenbrock function from the classic start (−1.2, 1)', () => {
    const rosenbrock = (x: Float64Array, g: Float64Array) => {
      const [a, b] = [x[0], x[1]];
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1], { maxIterations: 1000, gradientTolerance: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it('minimises a convex quadratic ½xᵀAx − bᵀx at A⁻¹b', () => {
    // A = [[3, 1], [1, 2]], b = [1, 1] → x* = A⁻¹b = [1/5, 2/5].
    const quad = (x: Float64Array, g: Float64Array) => {
      g[0] = 3 * x[0] + x[1] - 1;
      g[1] = x[0] + 2 * x[1] - 1;
      return 0.5 * (3 * x[0] * x[0] + 2 * x[0] * x[1] + 2 * x[1] * x[1]) - x[0] - x[1];
    };
    const r = minimizeLbfgs(quad, [10, -10], { gradientTolerance: 1e-12 });
    expect(r.x[0]).toBeCloseTo(0.2, 10);
    expect(r.x[1]).toBeCloseTo(0.4, 10);
  });
});
