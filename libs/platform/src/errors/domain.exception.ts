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
