/**
 * The ETS taxonomy (Hyndman, Koehler, Ord & Snyder, "Forecasting with Exponential Smoothing: the
 * state space approach", Springer 2008, §2.5; FPP3 §8.4): a model is named ETS(error, trend,
 * season). This folder implements error A/M, trend N/A/Ad and season N/A/M — 18 models; the
 * multiplicative-trend family is left out, as FPP3 advises.
 */
import { MlInputError, MlInputErrorCode } from '../errors';

export type EtsErrorType = 'A' | 'M';
export type EtsTrendType = 'N' | 'A' | 'Ad';
export type EtsSeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  readonly error: EtsErrorType;
  readonly trend: EtsTrendType;
  readonly season: EtsSeasonType;
}

/** "ETS(M,Ad,M)". */
export function etsName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/** Parses a compact code such as "ANN", "AAdA" or "MAdM" (error, trend, season). */
export function parseEtsSpec(code: string): EtsSpec {
  const match = /^([AM])(N|A|Ad)([NAM])$/.exec(code);
  if (!match)
    throw new MlInputError(
      MlInputErrorCode.InvalidParameter,
      'model',
      `"${code}" is not an ETS model code: error A|M, trend N|A|Ad, season N|A|M (e.g. "AAdM")`,
    );
  return { error: match[1] as EtsErrorType, trend: match[2] as EtsTrendType, season: match[3] as EtsSeasonType };
}

/**
 * Additive error with multiplicative seasonality divides by a state that may approach zero:
 * FPP3 §8.6 calls ETS(A,N,M), ETS(A,A,M) and ETS(A,Ad,M) numerically unstable, and
 * forecast::ets / fable leave them out of automatic selection.
 */
export function isUnstableCombination(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season === 'M';
}

export interface EtsCandidateFilter {
  /** All observations > 0; otherwise no multiplicative component is allowed. */
  readonly positive: boolean;
  /** Seasonal models are allowed (period > 1 and at least two full seasons). */
  readonly seasonal: boolean;
  readonly allowDamped?: boolean;
  readonly allowUnstable?: boolean;
}

/** The models automatic selection compares, in a fixed order (ties go to the earliest). */
export function etsCandidates(filter: EtsCandidateFilter): EtsSpec[] {
  const out: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const)
    for (const trend of ['N', 'A', 'Ad'] as const)
      for (const season of ['N', 'A', 'M'] as const) {
        const spec = { error, trend, season };
        if (!filter.positive && (error === 'M' || season === 'M')) continue;
        if (!filter.seasonal && season !== 'N') continue;
        if (filter.allowDamped === false && trend === 'Ad') continue;
        if (!filter.allowUnstable && isUnstableCombination(spec)) continue;
        out.push(spec);
      }
  return out;
}
