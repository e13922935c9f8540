/** Why a training request was refused; services map each code to their transport's error. */
export const MlInputErrorCode = {
  TooFewRows: 'TOO_FEW_ROWS',
  TargetNotFound: 'TARGET_NOT_FOUND',
  TargetNotNumeric: 'TARGET_NOT_NUMERIC',
  NoUsableFeatures: 'NO_USABLE_FEATURES',
  UnknownFeature: 'UNKNOWN_FEATURE',
  InvalidParameter: 'INVALID_PARAMETER',
  TrainingDiverged: 'TRAINING_DIVERGED',
} as const;
export type MlInputErrorCode = (typeof MlInputErrorCode)[keyof typeof MlInputErrorCode];

/**
 * The caller's data or options cannot produce a model. `field` names the offending input
 * (`rows`, `target`, `features`, `testFraction`, `params.epochs`, …); `message` is meant for the
 * person who sent the data.
 */
export class MlInputError extends Error {
  override readonly name = 'MlInputError';

  constructor(
    readonly code: MlInputErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes that are not a model artifact this version can read. */
export class MlArtifactError extends Error {
  override readonly name = 'MlArtifactError';
}

/** Training stopped because its caller asked it to (an aborted `signal`). */
export class MlCancelledError extends Error {
  override readonly name = 'MlCancelledError';

  constructor() {
    super('Training was cancelled');
  }
}
