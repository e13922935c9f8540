import type { FieldError } from '@foresight/contracts';
import type { ZodError, ZodType } from 'zod';
import { ValidationException } from './domain.exception';

const joinPath = (parts: PropertyKey[]) => parts.map(String).join('.') || '(root)';

/** One error per bad field; an unknown key is reported at its own path, not its parent's. */
export const fieldErrorsOf = (error: ZodError, prefix: (string | number)[] = []): FieldError[] =>
  error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: joinPath([...prefix, ...issue.path, key]), message: 'is not a known field' }))
      : [{ path: joinPath([...prefix, ...issue.path]), message: issue.message }],
  );

/** Parses `value` with `schema` or throws a ValidationException naming every bad field. */
export function parseOrThrow<S extends ZodType>(schema: S, value: unknown, what = 'request', prefix: (string | number)[] = []) {
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = fieldErrorsOf(result.error, prefix);
    const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new ValidationException(`Invalid ${what}: ${summary}`, errors);
  }
  return result.data as S['_output'];
}
