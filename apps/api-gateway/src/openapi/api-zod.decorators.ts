import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

/** OpenAPI straight from the contracts' zod schema: one schema gives type, validation and docs. */
export const ApiZodBody = (schema: z.ZodType, description?: string) =>
  ApiBody({ schema: z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as object, description });

const problem = { $ref: '#/components/schemas/Problem' };

/** The errors every authenticated route can answer with, as problem+json. */
export const ApiStandardErrors = (tag: string, ...extra: number[]) =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiExtraModels(),
    ...[400, 401, 403, 503, 504, ...extra].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/problem+json': { schema: problem } } }),
    ),
  );

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request; `errors` names each bad field',
  401: 'Missing, invalid or expired token',
  403: 'The token lacks a role this route needs',
  404: 'No such resource for this tenant',
  503: 'An upstream service is unavailable (see Retry-After)',
  504: 'An upstream service did not answer in time (see Retry-After)',
};

export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
};
