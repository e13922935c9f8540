import { MlArtifactError } from '../errors/ml-input.error';
import { checkLevel, conformalQuantile } from './conformal-quantile';

export const DEFAULT_CONFORMAL_LEVELS: readonly number[] = [0.8, 0.95];

/** Prediction intervals at one coverage level, one [lower, upper] per prediction. */
export interface PredictionIntervals {
  readonly level: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

export interface SplitConformalRegressorJSON {
  readonly version: 1;
  readonly kind: 'split-conformal-regressor';
  readonly calibrationSize: number;
  /** halfWidth is null when infinite (too few calibration points for the level); JSON has no Infinity. */
  readonly levels: readonly { readonly level: number; readonly halfWidth: number | null }[];
}

/**
 * Split-conformal prediction intervals for any point regressor (Lei et al. 2018, Alg. 2):
 * on a calibration set the model never trained on, the scores are absolute residuals
 * Rᵢ = |yᵢ − ŷᵢ|; for level 1 − α the half-width is d = conformalQuantile(R, 1 − α) and the
 * interval for a new prediction ŷ is [ŷ − d, ŷ + d]. Coverage ≥ 1 − α holds on average over
 * calibration and test draws whenever the points are exchangeable, whatever the model; the
 * width is the same everywhere, so under heteroscedastic noise coverage is met on average but
 * not per region (conformalised quantile regression adapts the width).
 */
export class SplitConformalRegressor {
  private constructor(
    readonly calibrationSize: number,
    private readonly widths: ReadonlyMap<number, number>,
  ) {}

  static calibrate(
    yCalibration: ArrayLike<number>,
    predictedCalibration: ArrayLike<number>,
    levels: readonly number[] = DEFAULT_CONFORMAL_LEVELS,
  ): SplitConformalRegressor {
    const n = yCalibration.length;
    if (predictedCalibration.length !== n) throw new RangeError(`calibration: ${n} targets but ${predictedCalibration.length} predictions`);
    if (levels.length === 0) throw new RangeError('calibration: at least one level is needed');
    const residuals = new Float64Array(n);
    for (let i = 0; i < n; i++) residuals[i] = Math.abs(yCalibration[i] - predictedCalibration[i]);
    return new SplitConformalRegressor(n, new Map(levels.map((level) => [level, conformalQuantile(residuals, level)])));
  }

  get levels(): number[] {
    return [...this.widths.keys()];
  }

  /** The half-width d at a calibrated level (Infinity when n < 1/α − 1). */
  halfWidth(level: number): number {
    const d = this.widths.get(level);
    if (d === undefined) throw new RangeError(`level ${level} was not calibrated (calibrated: ${this.levels.join(', ')})`);
    return d;
  }

  /** [ŷ − d, ŷ + d] for each prediction at one calibrated level. */
  interval(predicted: ArrayLike<number>, level: number): PredictionIntervals {
    const d = this.halfWidth(level);
    const lower = new Float64Array(predicted.length);
    const upper = new Float64Array(predicted.length);
    for (let i = 0; i < predicted.length; i++) {
      lower[i] = predicted[i] - d;
      upper[i] = predicted[i] + d;
    }
    return { level, lower, upper };
  }

  /** Intervals at every calibrated level. */
  intervals(predicted: ArrayLike<number>): PredictionIntervals[] {
    return this.levels.map((level) => this.interval(predicted, level));
  }

  toJSON(): SplitConformalRegressorJSON {
    return {
      version: 1,
      kind: 'split-conformal-regressor',
      calibrationSize: this.calibrationSize,
      levels: [...this.widths].map(([level, d]) => ({ level, halfWidth: Number.isFinite(d) ? d : null })),
    };
  }

  static fromJSON(json: unknown): SplitConformalRegressor {
    if (json === null || typeof json !== 'object') throw new MlArtifactError('split-conformal-regressor: expected an object');
    const o = json as Partial<SplitConformalRegressorJSON>;
    if (o.kind !== 'split-conformal-regressor' || o.version !== 1) throw new MlArtifactError('split-conformal-regressor: wrong kind or version');
    if (!(typeof o.calibrationSize === 'number' && Number.isInteger(o.calibrationSize) && o.calibrationSize > 0))
      throw new MlArtifactError('calibrationSize must be a positive integer');
    if (!Array.isArray(o.levels) || o.levels.length === 0) throw new MlArtifactError('levels must be a non-empty array');
    const widths = new Map<number, number>();
    for (const entry of o.levels) {
      const { level, halfWidth } = (entry ?? {}) as { level?: unknown; halfWidth?: unknown };
      if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new MlArtifactError('each level must be in (0, 1)');
      if (halfWidth === null) widths.set(level, Infinity);
      else if (typeof halfWidth === 'number' && halfWidth >= 0 && Number.isFinite(halfWidth)) widths.set(level, halfWidth);
      else throw new MlArtifactError('each halfWidth must be a finite number ≥ 0 or null');
    }
    return new SplitConformalRegressor(o.calibrationSize, widths);
  }
}

export interface ConformalizedQuantileRegressorJSON {
  readonly version: 1;
  readonly kind: 'conformalized-quantile-regressor';
  readonly level: number;
  /** null when infinite (too few calibration points for the level). */
  readonly correction: number | null;
  readonly calibrationSize: number;
}

/**
 * Conformalised quantile regression (Romano, Patterson & Candès 2019, NeurIPS): given a lower
 * and an upper quantile model (e.g. trained with the pinball loss at α/2 and 1 − α/2), the
 * calibration scores Eᵢ = max(q̂_lo(xᵢ) − yᵢ, yᵢ − q̂_hi(xᵢ)) measure how far each target falls
 * outside its band (negative when inside); Q = conformalQuantile(E, 1 − α) and the interval is
 * [q̂_lo − Q, q̂_hi + Q]. It keeps the band's adaptive width and restores the coverage guarantee
 * (Q < 0 narrows a band that was too wide).
 */
export class ConformalizedQuantileRegressor {
  private constructor(
    readonly level: number,
    /** Q: added on both sides of the band. */
    readonly correction: number,
    readonly calibrationSize: number,
  ) {}

  static calibrate(
    yCalibration: ArrayLike<number>,
    lowerCalibration: ArrayLike<number>,
    upperCalibration: ArrayLike<number>,
    level: number,
  ): ConformalizedQuantileRegressor {
    checkLevel(level);
    const n = yCalibration.length;
    if (lowerCalibration.length !== n || upperCalibration.length !== n)
      throw new RangeError('calibration: targets and both quantile predictions must have the same length');
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++)
      scores[i] = Math.max(lowerCalibration[i] - yCalibration[i], yCalibration[i] - upperCalibration[i]);
    return new ConformalizedQuantileRegressor(level, conformalQuantile(scores, level), n);
  }

  toJSON(): ConformalizedQuantileRegressorJSON {
    return {
      version: 1,
      kind: 'conformalized-quantile-regressor',
      level: this.level,
      correction: Number.isFinite(this.correction) ? this.correction : null,
      calibrationSize: this.calibrationSize,
    };
  }

  static fromJSON(json: unknown): ConformalizedQuantileRegressor {
    const o = (json ?? {}) as Partial<ConformalizedQuantileRegressorJSON>;
    if (o.kind !== 'conformalized-quantile-regressor' || o.version !== 1)
      throw new MlArtifactError('conformalized-quantile-regressor: wrong kind or version');
    if (typeof o.level !== 'number' || !(o.level > 0 && o.level < 1)) throw new MlArtifactError('level must be in (0, 1)');
    if (!(typeof o.calibrationSize === 'number' && Number.isInteger(o.calibrationSize) && o.calibrationSize > 0))
      throw new MlArtifactError('calibrationSize must be a positive integer');
    if (o.correction !== null && !Number.isFinite(o.correction)) throw new MlArtifactError('correction must be a finite number or null');
    return new ConformalizedQuantileRegressor(o.level, o.correction === null ? Infinity : o.correction!, o.calibrationSize);
  }

  interval(lower: ArrayLike<number>, upper: ArrayLike<number>): PredictionIntervals {
    if (lower.length !== upper.length) throw new RangeError('lower and upper must have the same length');
    const q = this.correction;
    const lo = new Float64Array(lower.length);
    const hi = new Float64Array(lower.length);
    for (let i = 0; i < lower.length; i++) {
      lo[i] = lower[i] - q;
      hi[i] = upper[i] + q;
    }
    return { level: this.level, lower: lo, upper: hi };
  }
}
