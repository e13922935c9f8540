/**
 * Stable, user-facing error codes. Every transport maps each of them exhaustively (see the
 * platform's HTTP and gRPC mappers), so adding a code without mapping it breaks the build.
 */
export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  ModelNotFound: 'model_not_found',
  ModelNotDeployed: 'model_not_deployed',
  TrainingJobNotFound: 'training_job_not_found',
  ArtifactNotFound: 'artifact_not_found',
  TrainingDataInvalid: 'training_data_invalid',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  RateLimited: 'rate_limited',
  UpstreamUnavailable: 'upstream_unavailable',
  UpstreamTimeout: 'upstream_timeout',
  Internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

/** One invalid field of a request: `path` is dotted (`instances.0.features`). */
export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details, as every HTTP error of the platform is shaped. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId?: string;
  errors?: FieldError[];
}

/**
 * What a service puts in a gRPC status's `details` string so the caller can rebuild the
 * domain error exactly (code, message and field errors), not just the coarse gRPC status.
 */
export interface WireError {
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

export const assertUnreachable = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};
