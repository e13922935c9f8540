import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ErrorCode, type ProblemDetails } from '@foresight/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainException } from '../errors/domain.exception';
import { httpStatusFor } from '../errors/status-mappers';
import { currentContext } from '../context/request-context';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Framework HTTP errors (unknown route, body too large, bad JSON) as domain codes. */
function codeForHttpStatus(status: number): ErrorCode {
  if (status === 401) return ErrorCode.Unauthenticated;
  if (status === 403) return ErrorCode.Forbidden;
  if (status === 404) return ErrorCode.NotFound;
  if (status === 409) return ErrorCode.Conflict;
  if (status === 413) return ErrorCode.PayloadTooLarge;
  if (status === 429) return ErrorCode.RateLimited;
  if (status >= 400 && status < 500) return ErrorCode.ValidationFailed;
  return ErrorCode.Internal;
}

/** Retry hint for errors a client should retry after a pause. */
const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UpstreamUnavailable]: 5,
  [ErrorCode.UpstreamTimeout]: 2,
  [ErrorCode.RateLimited]: 1,
};

export function toProblem(exception: unknown, requestId?: string): ProblemDetails {
  if (exception instanceof DomainException) {
    const status = httpStatusFor(exception.code);
    return {
      type: `https://foresight.dev/problems/${exception.code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: exception.message,
      code: exception.code,
      ...(requestId ? { requestId } : {}),
      ...(exception.errors ? { errors: exception.errors } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = codeForHttpStatus(status);
    return {
      type: `https://foresight.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: exception.message,
      code,
      ...(requestId ? { requestId } : {}),
    };
  }
  return {
    type: `https://foresight.dev/problems/${ErrorCode.Internal}`,
    title: TITLES[500]!,
    status: 500,
    detail: 'An unexpected error occurred; it has been logged with this request id.',
    code: ErrorCode.Internal,
    ...(requestId ? { requestId } : {}),
  };
}

/** Every HTTP error leaves as application/problem+json with a stable `code`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const problem = toProblem(exception, currentContext()?.requestId ?? String(reply.getHeader('x-request-id') ?? ''));
    if (problem.status >= 500 && !(exception instanceof DomainException)) {
      this.logger.error({ err: exception, path: req.url }, 'unhandled error');
    }
    const retryAfter = RETRY_AFTER_SECONDS[problem.code];
    if (retryAfter) void reply.header('Retry-After', String(retryAfter));
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer');
    void reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
