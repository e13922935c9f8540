import { ErrorCode, type FieldError } from '@foresight/contracts';

/**
 * The one exception type that crosses layers. Feature modules subclass it with their own codes
 * (`TrainingJobNotFoundException`, ...); transports map `code` exhaustively.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Codes that say "try again later": an unreachable, slow or throttling upstream. */
const TRANSIENT_CODES: readonly ErrorCode[] = [ErrorCode.UpstreamUnavailable, ErrorCode.UpstreamTimeout, ErrorCode.RateLimited];

/** A domain error that will not change on retry (invalid data, unknown model, conflict…). */
export function isPermanentDomainError(error: unknown): error is DomainException {
  return error instanceof DomainException && !TRANSIENT_CODES.includes(error.code);
}

export class ValidationException extends DomainException {
  constructor(message: string, errors: FieldError[]) {
    super(ErrorCode.ValidationFailed, message, errors);
  }
}

export class NotFoundException extends DomainException {
  constructor(what: string) {
    super(ErrorCode.NotFound, `${what} was not found`);
  }
}
