import { mulberry32 } from '../random';
import { isEtsAdmissible, rootsInsideUnitCircle } from './ets-admissibility';
import { etsFilter } from './ets-recursions';
import { parseEtsSpec } from './ets-spec';

describe('Schur–Cohn root test', () => {
  it.each([
    ['(z − 0.5)(z + 0.9)', [-0.45, 0.4, 1], true],
    ['(z − 1.1)(z − 0.2)', [0.22, -1.3, 1], false],
    ['z² + 1 (roots ±i on the circle)', [1, 0, 1], false],
    ['(z² + 0.25)(z − 0.3)', [-0.075, 0.25, -0.3, 1], true],
    ['2(z − 0.5)³', [-0.25, 1.5, -3, 2], true],
  ])('%s', (_name, coefficients, inside) => {
    expect(rootsInsideUnitCircle(Float64Array.from(coefficients as number[]), (coefficients as number[]).length - 1)).toBe(inside);
  });
});

describe('ETS admissible region', () => {
  it('ETS(A,N,N): 0 < α < 2 (Hyndman et al. 2008, §10.2)', () => {
    const spec = parseEtsSpec('ANN');
    for (const [alpha, ok] of [[0.01, true], [1.99, true], [2.01, false], [-0.01, false]] as const)
      expect(isEtsAdmissible(spec, { alpha, beta: 0, gamma: 0, phi: 1 }, 1)).toBe(ok);
  });

  it('ETS(A,A,N) and ETS(A,Ad,N) agree with the Jury conditions on z² − (1 + φ − α − φβ)z + φ(1 − α)', () => {
    const rng = mulberry32(3);
    for (let i = 0; i < 2000; i++) {
      const alpha = -0.5 + 3 * rng();
      const beta = -1 + 5 * rng();
      const phi = rng() < 0.3 ? 1 : 0.5 + 0.5 * rng();
      const a1 = -(1 + phi - alpha - phi * beta);
      const a0 = phi * (1 - alpha);
      const jury = Math.abs(a0) < 1 && 1 + a1 + a0 > 0 && 1 - a1 + a0 > 0;
      expect(isEtsAdmissible(parseEtsSpec(phi === 1 ? 'AAN' : 'AAdN'), { alpha, beta, gamma: 0, phi }, 1)).toBe(jury);
    }
  });

  it('seasonal models: admissible exactly when two runs from different initial states forget their difference', () => {
    // With y ≡ 0 the difference of two runs' states evolves as Δx_t = D Δx_{t−1}, and the
    // one-step forecasts differ by w′Δx_t, which vanishes iff D's eigenvalues (bar the seasonal
    // unit root, invisible to w′) lie inside the unit circle.
    const rng = mulberry32(11);
    const zeros = new Float64Array(3000);
    let stable = 0;
    let unstable = 0;
    for (let i = 0; i < 400; i++) {
      const code = ['ANA', 'AAA', 'AAdA'][i % 3];
      const m = [2, 4, 12][(i >> 2) % 3];
      const p = { alpha: -0.3 + 2.3 * rng(), beta: code === 'ANA' ? 0 : -0.2 + 1.2 * rng(), gamma: -0.3 + 1.6 * rng(), phi: code === 'AAdA' ? 0.7 + 0.3 * rng() : 1 };
      const spec = parseEtsSpec(code);
      const a = etsFilter(zeros, spec, p, { level: 0, trend: 0, seasonal: new Float64Array(m) }, m);
      const b = etsFilter(zeros, spec, p, { level: 1, trend: 0.1, seasonal: Float64Array.from({ length: m }, (_, j) => Math.cos(j)) }, m);
      const gap = Math.abs(a.fitted[2999] - b.fitted[2999]);
      if (!Number.isFinite(gap) || gap > 1e3) {
        expect(isEtsAdmissible(spec, p, m)).toBe(false);
        unstable++;
      } else if (gap < 1e-9) {
        expect(isEtsAdmissible(spec, p, m)).toBe(true);
        stable++;
      }
    }
    expect(stable).toBeGreaterThan(50);
    expect(unstable).toBeGreaterThan(50);
  });
});
