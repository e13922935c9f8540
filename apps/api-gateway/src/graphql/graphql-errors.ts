import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode } from '@foresight/contracts';
import { DomainException, httpStatusFor } from '@foresight/platform';
import type { GraphQLFormattedError } from 'graphql';

/**
 * Domain errors reach GraphQL clients with the same stable code as REST, in `extensions`
 * (`code`, `status`, field `errors`); anything unexpected is reported as `internal` without
 * its message.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainException) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: { code: original.code, status: httpStatusFor(original.code), ...(original.errors ? { errors: original.errors } : {}) },
    };
  }
  const code = formatted.extensions?.['code'];
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_USER_INPUT' || code === 'GRAPHQL_PARSE_FAILED') {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.ValidationFailed, status: 400 } };
  }
  return { message: 'An unexpected error occurred', path: formatted.path, extensions: { code: ErrorCode.Internal, status: 500 } };
}
