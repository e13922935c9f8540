import { BadRequestException, NotFoundException as NestNotFound, PayloadTooLargeException } from '@nestjs/common';
import { ERROR_CODES, ErrorCode } from '@foresight/contracts';
import { ClientError, Status } from 'nice-grpc-common';
import { z } from 'zod';
import { toProblem } from '../http/problem.filter';
import { DomainException, ValidationException } from './domain.exception';
import { errorCodeForGrpcStatus, grpcStatusFor, httpStatusFor } from './status-mappers';
import { fromClientError, toServerError } from './wire-error';
import { parseOrThrow } from './zod-errors';

describe('error mapping', () => {
  it('maps every domain code to an HTTP and a gRPC status, and back to the same family', () => {
    for (const code of ERROR_CODES) {
      const http = httpStatusFor(code);
      expect(http).toBeGreaterThanOrEqual(400);
      const back = errorCodeForGrpcStatus(grpcStatusFor(code));
      expect(httpStatusFor(back)).toBe(http === 409 ? 409 : http === 413 ? 429 : http);
    }
  });

  it('carries a domain error across gRPC intact, and classifies bare transport failures', () => {
    const original = new ValidationException('Invalid body', [{ path: 'features.x', message: 'must be a number' }]);
    const serverError = toServerError(original);
    expect(serverError.code).toBe(Status.INVALID_ARGUMENT);
    const rebuilt = fromClientError(new ClientError('/svc/M', serverError.code, serverError.details), 'svc');
    expect(rebuilt).toMatchObject({ code: ErrorCode.ValidationFailed, message: 'Invalid body', errors: original.errors });

    expect(fromClientError(new ClientError('/svc/M', Status.UNAVAILABLE, 'connect ECONNREFUSED'), 'monitoring')).toMatchObject({
      code: ErrorCode.UpstreamUnavailable,
      message: 'monitoring is unavailable: connect ECONNREFUSED',
    });
    expect(fromClientError(new ClientError('/svc/M', Status.DEADLINE_EXCEEDED, 'Deadline exceeded'), 'monitoring').code).toBe(ErrorCode.UpstreamTimeout);
    expect(fromClientError(new ClientError('/svc/M', Status.INTERNAL, 'stack trace here'), 'monitoring').message).toBe('monitoring failed');
  });

  it('names every bad field, unknown keys at their own path', () => {
    const schema = z.object({ a: z.number(), nested: z.object({ b: z.string() }).strict() }).strict();
    try {
      parseOrThrow(schema, { a: 'x', nested: { b: 1, c: true }, d: 0 }, 'body');
      throw new Error('expected a validation error');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationException);
      expect((e as ValidationException).errors!.map((x) => x.path).sort()).toEqual(['a', 'd', 'nested.b', 'nested.c']);
    }
  });

  it('renders problem+json for domain, framework and unexpected errors without leaking internals', () => {
    expect(toProblem(new DomainException(ErrorCode.ModelNotFound, 'Model "m" does not exist'), 'r1')).toEqual({
      type: 'https://foresight.dev/problems/model_not_found',
      title: 'Not Found',
      status: 404,
      detail: 'Model "m" does not exist',
      code: 'model_not_found',
      requestId: 'r1',
    });
    expect(toProblem(new PayloadTooLargeException()).code).toBe('payload_too_large');
    expect(toProblem(new BadRequestException('bad json')).code).toBe('validation_failed');
    expect(toProblem(new NestNotFound()).status).toBe(404);
    const internal = toProblem(new Error('password=hunter2 at db.ts:12'));
    expect(internal).toMatchObject({ status: 500, code: 'internal' });
    expect(JSON.stringify(internal)).not.toContain('hunter2');
  });
});
