import { centralZ, normalQuantile } from './normal-quantile';

describe('normalQuantile', () => {
  // Reference values: Python's statistics.NormalDist().inv_cdf (Wichura's AS241, ~1e-16).
  it.each([
    [0.5, 0],
    [0.9, 1.2815515655446008],
    [0.975, 1.9599639845400536],
    [0.995, 2.5758293035489],
    [0.3, -0.5244005127080407],
    [0.01, -2.3263478740408408],
    [0.001, -3.090232306167813],
    [1e-8, -5.61200124417479],
  ])('Φ⁻¹(%p) ≈ %p to 1e-8', (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-8 * Math.max(1, Math.abs(z)));
  });

  it('is antisymmetric and maps the ends to ±∞', () => {
    for (const p of [0.001, 0.02, 0.2, 0.4]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 9);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it('gives the central-interval multipliers 1.2816 (80%) and 1.9600 (95%)', () => {
    expect(centralZ(80)).toBeCloseTo(1.2815515655446008, 8);
    expect(centralZ(95)).toBeCloseTo(1.9599639845400536, 8);
  });
});
