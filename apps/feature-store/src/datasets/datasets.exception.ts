import { assertUnreachable, DatasetErrorCode, ErrorCode, type DatasetRowError, type DatasetSchemaChange } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

export class DatasetNotFoundException extends DomainException {
  constructor(name: string) {
    super(ErrorCode.NotFound, `Dataset "${name}" does not exist`);
  }
}

export class DatasetVersionNotFoundException extends DomainException {
  constructor(name: string, version: number) {
    super(ErrorCode.NotFound, `Dataset "${name}" has no version ${version}`);
  }
}

export interface RejectionDetails {
  rows?: DatasetRowError[];
  rejectedCount?: number;
  schemaChanges?: DatasetSchemaChange[];
}

/** The platform code a dataset rejection travels as when it leaves as a plain domain error. */
function platformCode(code: DatasetErrorCode): ErrorCode {
  switch (code) {
    case DatasetErrorCode.RowsInvalid:
    case DatasetErrorCode.Empty:
    case DatasetErrorCode.NoColumns:
    case DatasetErrorCode.Malformed:
    case DatasetErrorCode.SchemaMismatch:
    case DatasetErrorCode.UnsupportedMediaType:
      return ErrorCode.ValidationFailed;
    case DatasetErrorCode.ColumnDropped:
    case DatasetErrorCode.ColumnRetyped:
      return ErrorCode.Conflict;
    default:
      return assertUnreachable(code);
  }
}

/**
 * An upload the data itself rules out: bad rows, a breaking schema change, nothing to store.
 * The gRPC upload answers it as a `rejection` carrying `datasetCode` and the details (the
 * gateway turns that into problem+json with the right status); elsewhere it is an ordinary
 * domain error (validation_failed / conflict) whose `errors` name the lines or columns.
 */
export class DatasetRejection extends DomainException {
  constructor(
    readonly datasetCode: DatasetErrorCode,
    message: string,
    readonly details: RejectionDetails = {},
  ) {
    super(platformCode(datasetCode), message, [
      ...(details.rows ?? []).map((r) => ({ path: `line ${r.line}`, message: r.reason })),
      ...(details.schemaChanges ?? []).filter((c) => c.breaking).map((c) => ({ path: c.column, message: c.change })),
    ]);
  }
}
