import { mulberry32 } from '../random';
import { etsObjective } from './ets-objective';
import { etsFilter, etsKernel, seasonCode, trendCode } from './ets-recursions';
import { etsCandidates, parseEtsSpec } from './ets-spec';

const none = new Float64Array(0);

describe('ETS recursions on hand-computed examples', () => {
  it('SES = ETS(A,N,N), α = 0.5, ℓ₀ = 10 on [12, 11, 13, 10, 14]', () => {
    // ŷ: 10, 11, 11, 12, 11; e: 2, 0, 2, −2, 3; ℓ: 11, 11, 12, 11, 12.5; SSE = 21.
    const r = etsFilter([12, 11, 13, 10, 14], parseEtsSpec('ANN'), { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, { level: 10, trend: 0, seasonal: none });
    expect(Array.from(r.fitted)).toEqual([10, 11, 11, 12, 11]);
    expect(Array.from(r.residuals)).toEqual([2, 0, 2, -2, 3]);
    expect(r.finalState.level).toBe(12.5);
    expect(r.sumSquares).toBe(21);
    expect(r.logLikelihood).toBeCloseTo(-0.5 * (5 * Math.log((2 * Math.PI * 21) / 5) + 5), 12);
  });

  it("Holt's linear trend = ETS(A,A,N), α = 0.5, β = αβ* = 0.25, ℓ₀ = 10, b₀ = 1 on [12, 13, 15, 15, 18, 19]", () => {
    // t  ŷ = ℓ + b        e             ℓ = ŷ + αe        b = b + βe
    // 1  11               1             11.5              1.25
    // 2  12.75            0.25          12.875            1.3125
    // 3  14.1875          0.8125        14.59375          1.515625
    // 4  16.109375       −1.109375      15.5546875        1.23828125
    // 5  16.79296875      1.20703125    17.396484375      1.5400390625
    // 6  18.9365234375    0.0634765625  18.96826171875    1.555908203125
    const r = etsFilter([12, 13, 15, 15, 18, 19], parseEtsSpec('AAN'), { alpha: 0.5, beta: 0.25, gamma: 0, phi: 1 }, { level: 10, trend: 1, seasonal: none });
    expect(Array.from(r.fitted)).toEqual([11, 12.75, 14.1875, 16.109375, 16.79296875, 18.9365234375]);
    expect(Array.from(r.residuals)).toEqual([1, 0.25, 0.8125, -1.109375, 1.20703125, 0.0634765625]);
    expect(r.finalState.level).toBe(18.96826171875);
    expect(r.finalState.trend).toBe(1.555908203125);
  });

  it('reproduces the published SES fit of FPP2 §7.1 (Saudi Arabian oil production 1996–2013, α = 0.8339, ℓ₀ = 446.59)', () => {
    const oil = [445.3641, 453.195, 454.4096, 422.3789, 456.0371, 440.3866, 425.1944, 486.2052, 500.4291, 521.2759, 508.9476, 488.8889, 509.8706, 456.7229, 473.8166, 525.9509, 549.8338, 542.3405];
    // fitted(ses(oildata)) as printed by R's forecast package (4 decimals).
    const published = [446.5868, 445.5672, 451.928, 453.9974, 427.6311, 451.3186, 442.2025, 428.0196, 476.54, 496.4609, 517.1539, 510.3108, 492.4472, 506.9764, 465.0705, 472.3638, 517.0495, 544.388];
    const r = etsFilter(oil, parseEtsSpec('ANN'), { alpha: 0.8338901, beta: 0, gamma: 0, phi: 1 }, { level: 446.5867935, trend: 0, seasonal: none });
    // Published values and inputs are rounded to 4 decimals: agreement to 1.5·10⁻⁴.
    r.fitted.forEach((v, i) => expect(Math.abs(v - published[i])).toBeLessThan(1.5e-4));
    expect(r.finalState.level).toBeCloseTo(542.68, 2); // FPP2 Table 7.1: ℓ_T = ŷ_{T+h|T} = 542.68
  });
});

describe('ETS recursions: one recursion, two likelihoods', () => {
  const rng = mulberry32(5);
  const y = Float64Array.from({ length: 60 }, (_, t) => 50 + 0.5 * t + 8 * Math.sin((2 * Math.PI * t) / 4) + 3 * rng());
  const seasonalA = Float64Array.from([6, -2, -6, 2]);
  const seasonalM = Float64Array.from([1.12, 0.97, 0.88, 1.03]);
  const smoothing = { alpha: 0.3, beta: 0.02, gamma: 0.1, phi: 0.9 };

  it('additive and multiplicative error give the same states and fitted values for the same parameters', () => {
    for (const code of ['NN', 'AdA', 'AM']) {
      const seasonal = code.endsWith('M') ? seasonalM : code.endsWith('A') ? seasonalA : none;
      const initial = { level: 48, trend: 0.4, seasonal };
      const a = etsFilter(y, parseEtsSpec(`A${code}`), smoothing, initial, 4);
      const m = etsFilter(y, parseEtsSpec(`M${code}`), smoothing, initial, 4);
      expect(m.fitted).toEqual(a.fitted);
      expect(m.finalState).toEqual(a.finalState);
      m.innovations.forEach((eps, t) => expect(eps).toBeCloseTo(a.residuals[t] / a.fitted[t], 14));
    }
  });

  it('multiplicative-error log-likelihood = −n/2·log(2πσ̂²) − n/2 − Σ log μ_t with σ̂² = Σ(e/μ)²/n', () => {
    const r = etsFilter(y, parseEtsSpec('MAM'), smoothing, { level: 48, trend: 0.4, seasonal: seasonalM }, 4);
    const n = y.length;
    let ss = 0;
    let logMu = 0;
    for (let t = 0; t < n; t++) {
      ss += ((y[t] - r.fitted[t]) / r.fitted[t]) ** 2;
      logMu += Math.log(r.fitted[t]);
    }
    expect(r.logLikelihood).toBeCloseTo(-0.5 * n * Math.log((2 * Math.PI * ss) / n) - n / 2 - logMu, 9);
  });

  it('the specialised objective used by the optimiser equals the general kernel for all 18 models', () => {
    const ring = new Float64Array(4);
    for (const spec of etsCandidates({ positive: true, seasonal: true, allowUnstable: true })) {
      const seasonal = spec.season === 'M' ? seasonalM : seasonalA;
      for (const p of [smoothing, { alpha: 0.9, beta: 0.5, gamma: 0.05, phi: 0.8 }]) {
        const args = [y, spec.error === 'M', trendCode(spec), seasonCode(spec), p.alpha, p.beta, p.gamma, p.phi, 48, 0.4, seasonal, 4, ring] as const;
        const general = etsKernel(...args, null);
        expect(Number.isFinite(general)).toBe(true);
        expect(etsObjective(...args)).toBeCloseTo(general, 8);
      }
    }
    expect(etsCandidates({ positive: true, seasonal: true, allowUnstable: true })).toHaveLength(18);
  });

  it('a multiplicative model whose level would turn negative is flagged, not silently fitted', () => {
    // μ₁ = 10 − 6 = 4 = y₁, so e₁ = 0 and the trend stays −6: μ₂ = 4 − 6 = −2.
    const falling = Float64Array.from([4, 1, 0.5, 0.3]);
    const r = etsFilter(falling, parseEtsSpec('MAN'), { alpha: 0.1, beta: 0.05, gamma: 0, phi: 1 }, { level: 10, trend: -6, seasonal: none });
    expect(r.fitted[1]).toBe(-2);
    expect(r.logLikelihood).toBe(-Infinity);
    const args = [falling, true, 1, 0, 0.1, 0.05, 0, 1, 10, -6, none, 1, new Float64Array(1)] as const;
    expect(etsObjective(...args)).toBe(Infinity);
  });
});
