import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { currentContext } from '@foresight/platform';
import { DATASET_ERROR_STATUS, type DatasetErrorCode, type DatasetProblem, type DatasetRowError, type DatasetSchemaChange } from '@foresight/contracts';
import type { FastifyReply } from 'fastify';

const TITLES: Record<number, string> = { 400: 'Bad Request', 409: 'Conflict', 415: 'Unsupported Media Type', 422: 'Unprocessable Content' };

/**
 * A refused upload, with what the user must fix: the bad lines, or the breaking schema changes.
 * Its codes are the datasets' own (contracts' DatasetErrorCode), finer than the platform's
 * ErrorCode, so it has its own filter on the datasets controller.
 */
export class DatasetProblemException extends Error {
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    readonly details: { rejected?: DatasetRowError[]; rejectedCount?: number; schemaChanges?: DatasetSchemaChange[] } = {},
  ) {
    super(message);
    this.name = 'DatasetProblemException';
  }

  toProblem(requestId?: string): DatasetProblem {
    const status = DATASET_ERROR_STATUS[this.code];
    return {
      type: `https://foresight.dev/problems/${this.code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: this.message,
      code: this.code,
      ...(requestId ? { requestId } : {}),
      ...this.details,
    };
  }
}

/** Renders DatasetProblemException as application/problem+json; everything else goes to the platform's filter. */
@Catch(DatasetProblemException)
export class DatasetProblemFilter implements ExceptionFilter {
  catch(exception: DatasetProblemException, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = exception.toProblem(currentContext()?.requestId ?? String(reply.getHeader('x-request-id') ?? ''));
    void reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
