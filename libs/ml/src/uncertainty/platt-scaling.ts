import { MlArtifactError } from '../errors/ml-input.error';

export interface PlattScalerJSON {
  readonly version: 1;
  readonly kind: 'platt-scaler';
  readonly slope: number;
  readonly intercept: number;
}

/**
 * Platt scaling (Platt 1999, "Probabilistic outputs for support vector machines"): maps a
 * classifier's score f to a calibrated probability P(y = 1 | f) = σ(a·f + b), a one-feature
 * logistic regression fitted on held-out scores. Platt's notation is 1/(1 + exp(A·f + B)), so
 * A = −a and B = −b.
 *
 * Fitted as Platt recommends, against the smoothed targets t₊ = (N₊ + 1)/(N₊ + 2) for positives
 * and t₋ = 1/(N₋ + 2) for negatives (a Bayesian prior that keeps separable calibration sets from
 * producing infinite slopes), by Newton's method with backtracking on the cross-entropy
 * (Lin, Lin & Weng 2007, "A note on Platt's probabilistic outputs for SVMs", Alg. 1),
 * starting from a = 0, b = log((N₊ + 1)/(N₋ + 1)). Deterministic.
 */
export class PlattScaler {
  constructor(
    readonly slope: number,
    readonly intercept: number,
  ) {}

  static fit(scores: ArrayLike<number>, y: ArrayLike<number>, maxIterations = 100): PlattScaler {
    const n = scores.length;
    if (y.length !== n) throw new RangeError(`Platt scaling: ${n} scores but ${y.length} labels`);
    let positives = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`Platt scaling: label ${i} is ${y[i]}, expected 0 or 1`);
      if (!Number.isFinite(scores[i])) throw new RangeError(`Platt scaling: score ${i} is not finite`);
      positives += y[i];
    }
    const negatives = n - positives;
    if (positives === 0 || negatives === 0) throw new RangeError('Platt scaling: needs both classes');
    const highTarget = (positives + 1) / (positives + 2);
    const lowTarget = 1 / (negatives + 2);
    const target = (i: number) => (y[i] === 1 ? highTarget : lowTarget);

    // Mean cross-entropy −(1/n) Σ [tᵢ log pᵢ + (1 − tᵢ) log(1 − pᵢ)] with pᵢ = σ(ηᵢ), in the stable form softplus(η) − tη.
    const loss = (a: number, b: number): number => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const eta = a * scores[i] + b;
        s += (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))) - target(i) * eta;
      }
      return s / n;
    };
    let a = 0;
    let b = Math.log((positives + 1) / (negatives + 1));
    let f = loss(a, b);
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      let ga = 0;
      let gb = 0;
      let haa = 0;
      let hab = 0;
      let hbb = 0;
      for (let i = 0; i < n; i++) {
        const eta = a * scores[i] + b;
        const p = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
        const d = p - target(i);
        const w = p * (1 - p);
        ga += d * scores[i];
        gb += d;
        haa += w * scores[i] * scores[i];
        hab += w * scores[i];
        hbb += w;
      }
      ga /= n;
      gb /= n;
      // Lin et al. add σ = 1e-12 to the diagonal so the 2×2 solve never divides by zero.
      haa = haa / n + 1e-12;
      hab /= n;
      hbb = hbb / n + 1e-12;
      const det = haa * hbb - hab * hab;
      const da = (hbb * ga - hab * gb) / det;
      const db = (haa * gb - hab * ga) / det;
      const decrease = ga * da + gb * db; // squared Newton decrement
      if (decrease / 2 <= 1e-15 * Math.max(1, f)) {
        // Below what f can resolve a line search only sees rounding noise; a full Newton step
        // this close to the optimum squares the error, so take it and stop.
        a -= da;
        b -= db;
        break;
      }
      let t = 1;
      let accepted = false;
      while (t >= 1e-10) {
        const fNew = loss(a - t * da, b - t * db);
        if (fNew <= f - 1e-4 * t * decrease) {
          a -= t * da;
          b -= t * db;
          f = fNew;
          accepted = true;
          break;
        }
        t /= 2;
      }
      if (!accepted) break;
    }
    return new PlattScaler(a, b);
  }

  /** Calibrated P(y = 1) = σ(a·f + b) for each score. */
  transform(scores: ArrayLike<number>): Float64Array {
    const out = new Float64Array(scores.length);
    for (let i = 0; i < scores.length; i++) {
      const eta = this.slope * scores[i] + this.intercept;
      out[i] = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
    }
    return out;
  }

  toJSON(): PlattScalerJSON {
    return { version: 1, kind: 'platt-scaler', slope: this.slope, intercept: this.intercept };
  }

  static fromJSON(json: unknown): PlattScaler {
    const o = (json ?? {}) as Partial<PlattScalerJSON>;
    if (o.kind !== 'platt-scaler' || o.version !== 1) throw new MlArtifactError('platt-scaler: wrong kind or version');
    if (!Number.isFinite(o.slope) || !Number.isFinite(o.intercept)) throw new MlArtifactError('platt-scaler: slope and intercept must be finite');
    return new PlattScaler(o.slope!, o.intercept!);
  }
}
