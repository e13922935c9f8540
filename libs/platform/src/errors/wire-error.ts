import { ErrorCode, isErrorCode, type WireError } from '@foresight/contracts';
import { ClientError, ServerError, Status } from 'nice-grpc-common';
import { DomainException } from './domain.exception';
import { errorCodeForGrpcStatus, grpcStatusFor } from './status-mappers';

/** A domain error as a gRPC ServerError whose details carry the structured error as JSON. */
export function toServerError(error: DomainException): ServerError {
  const wire: WireError = { code: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}) };
  return new ServerError(grpcStatusFor(error.code), JSON.stringify(wire));
}

/** Rebuilds the domain error a service raised, or classifies a transport failure. */
export function fromClientError(error: ClientError, service: string): DomainException {
  const wire = parseWireError(error.details);
  if (wire) return new DomainException(wire.code, wire.message, wire.errors);
  const code = errorCodeForGrpcStatus(error.code);
  switch (code) {
    case ErrorCode.UpstreamUnavailable:
      return new DomainException(code, `${service} is unavailable: ${error.details}`);
    case ErrorCode.UpstreamTimeout:
      return new DomainException(code, `${service} did not answer in time`);
    default:
      return new DomainException(code, error.code === Status.INTERNAL ? `${service} failed` : error.details);
  }
}

function parseWireError(details: string): WireError | undefined {
  if (!details.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(details) as Partial<WireError>;
    return isErrorCode(parsed.code) && typeof parsed.message === 'string' ? (parsed as WireError) : undefined;
  } catch {
    return undefined;
  }
}
