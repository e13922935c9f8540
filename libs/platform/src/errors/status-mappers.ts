import { assertUnreachable, ErrorCode } from '@foresight/contracts';
import { Status } from 'nice-grpc-common';

/** HTTP status of each domain code. Exhaustive: a new code fails to compile until mapped. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.TrainingDataInvalid:
      return 400;
    case ErrorCode.Unauthenticated:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
    case ErrorCode.ModelNotFound:
    case ErrorCode.ModelNotDeployed:
    case ErrorCode.TrainingJobNotFound:
    case ErrorCode.ArtifactNotFound:
      return 404;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.Internal:
      return 500;
    case ErrorCode.UpstreamUnavailable:
      return 503;
    case ErrorCode.UpstreamTimeout:
      return 504;
    default:
      return assertUnreachable(code);
  }
}

/** gRPC status of each domain code. Exhaustive, like the HTTP mapping. */
export function grpcStatusFor(code: ErrorCode): Status {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.TrainingDataInvalid:
      return Status.INVALID_ARGUMENT;
    case ErrorCode.Unauthenticated:
      return Status.UNAUTHENTICATED;
    case ErrorCode.Forbidden:
      return Status.PERMISSION_DENIED;
    case ErrorCode.NotFound:
    case ErrorCode.ModelNotFound:
    case ErrorCode.ModelNotDeployed:
    case ErrorCode.TrainingJobNotFound:
    case ErrorCode.ArtifactNotFound:
      return Status.NOT_FOUND;
    case ErrorCode.Conflict:
      return Status.ALREADY_EXISTS;
    case ErrorCode.PayloadTooLarge:
    case ErrorCode.RateLimited:
      return Status.RESOURCE_EXHAUSTED;
    case ErrorCode.Internal:
      return Status.INTERNAL;
    case ErrorCode.UpstreamUnavailable:
      return Status.UNAVAILABLE;
    case ErrorCode.UpstreamTimeout:
      return Status.DEADLINE_EXCEEDED;
    default:
      return assertUnreachable(code);
  }
}

/** The domain code for a gRPC status that arrived without the platform's structured details. */
export function errorCodeForGrpcStatus(status: Status): ErrorCode {
  switch (status) {
    case Status.INVALID_ARGUMENT:
    case Status.OUT_OF_RANGE:
    case Status.FAILED_PRECONDITION:
      return ErrorCode.ValidationFailed;
    case Status.UNAUTHENTICATED:
      return ErrorCode.Unauthenticated;
    case Status.PERMISSION_DENIED:
      return ErrorCode.Forbidden;
    case Status.NOT_FOUND:
      return ErrorCode.NotFound;
    case Status.ALREADY_EXISTS:
    case Status.ABORTED:
      return ErrorCode.Conflict;
    case Status.RESOURCE_EXHAUSTED:
      return ErrorCode.RateLimited;
    case Status.UNAVAILABLE:
    case Status.CANCELLED:
      return ErrorCode.UpstreamUnavailable;
    case Status.DEADLINE_EXCEEDED:
      return ErrorCode.UpstreamTimeout;
    case Status.OK:
    case Status.UNKNOWN:
    case Status.UNIMPLEMENTED:
    case Status.INTERNAL:
    case Status.DATA_LOSS:
      return ErrorCode.Internal;
    default:
      return assertUnreachable(status);
  }
}
