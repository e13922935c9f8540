/**
 * The one error type of the feature engine. The engine is pure (no Nest), so it cannot throw the
 * platform's DomainException; callers map `code` to their transport (problem+json, gRPC status).
 * Every code means "the definition or the request is wrong" — the engine never throws on data.
 */
export type FeatureEngineErrorCode =
  | 'EXPRESSION_SYNTAX'
  | 'EXPRESSION_UNKNOWN_COLUMN'
  | 'EXPRESSION_UNKNOWN_FUNCTION'
  | 'EXPRESSION_ARGUMENTS'
  | 'EXPRESSION_TYPE'
  | 'EXPRESSION_TOO_COMPLEX'
  | 'INVALID_DURATION'
  | 'INVALID_TIMESTAMP'
  | 'INVALID_AGGREGATION'
  | 'STATE_MISMATCH'
  | 'INVALID_SOURCE_POSITION'
  | 'READ_BEFORE_WATERMARK';

export class FeatureEngineError extends Error {
  constructor(
    readonly code: FeatureEngineErrorCode,
    message: string,
    /** Offset (0-based, in UTF-16 units) in the expression source, for expression errors. */
    readonly position?: number,
  ) {
    super(message);
    this.name = 'FeatureEngineError';
  }
}
