import { Injectable, PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';
import { parseOrThrow } from '../errors/zod-errors';

/** Validates a body/query/param with a contracts schema; errors name each bad field. */
@Injectable()
export class ZodValidationPipe<S extends ZodType> implements PipeTransform<unknown, S['_output']> {
  constructor(
    private readonly schema: S,
    private readonly what = 'request body',
    private readonly prefix: string[] = [],
  ) {}

  transform(value: unknown): S['_output'] {
    return parseOrThrow(this.schema, value, this.what, this.prefix);
  }
}
