import { z } from 'zod';

/**
 * Datasets: named tables with immutable, content-addressed versions, uploaded as CSV, a JSON
 * array of objects or NDJSON, profiled and quality-checked on the way in.
 */

/**
 * Column types. Values are read the way training reads them (libs/ml frame): numbers from
 * numbers or numeric strings, booleans from true/false/yes/no/0/1 in any case and spacing,
 * timestamps from ISO-like dates (UTC when no zone), and pandas' spellings of "missing".
 * `category` values are trimmed; `text` is kept as sent.
 */
export const DatasetColumnTypeSchema = z.enum(['number', 'integer', 'boolean', 'category', 'timestamp', 'text']);
export type DatasetColumnType = z.infer<typeof DatasetColumnTypeSchema>;

export const DatasetFormatSchema = z.enum(['csv', 'json', 'ndjson']);
export type DatasetFormat = z.infer<typeof DatasetFormatSchema>;

export const DatasetOnErrorSchema = z.enum(['reject', 'skip']);
export type DatasetOnError = z.infer<typeof DatasetOnErrorSchema>;

/** Largest number of columns a dataset may have. */
export const MAX_DATASET_COLUMNS = 2000;

/** An explicit schema: column -> type. Columns it does not name are inferred. */
export const DatasetSchemaSchema = z
  .record(z.string().min(1).max(256), DatasetColumnTypeSchema)
  .refine((s) => Object.keys(s).length > 0, 'must name at least one column')
  .refine((s) => Object.keys(s).length <= MAX_DATASET_COLUMNS, `must name at most ${MAX_DATASET_COLUMNS} columns`);
export type DatasetSchema = z.infer<typeof DatasetSchemaSchema>;

const booleanFlag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

/** `schema` travels URL-encoded as a JSON object: `?schema={"age":"integer","signed up":"timestamp"}`. */
const SchemaParamSchema = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of column -> type' });
      return z.NEVER;
    }
  })
  .pipe(DatasetSchemaSchema);

export const DatasetUploadQuerySchema = z
  .object({
    /** reject (default): any bad row fails the upload with 422 and nothing is stored; skip: bad rows are left out and listed. */
    onError: DatasetOnErrorSchema.default('reject'),
    /** Accept a version that drops or retypes columns of the previous one. */
    allowBreaking: booleanFlag,
    schema: SchemaParamSchema.optional(),
    /** Overrides the format read from the content type (for application/octet-stream or a multipart file without a telling name). */
    format: DatasetFormatSchema.optional(),
  })
  .strict();
export type DatasetUploadQuery = z.infer<typeof DatasetUploadQuerySchema>;

export const MAX_DATASET_ROWS_PAGE = 1000;

export const DatasetRowsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_DATASET_ROWS_PAGE).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type DatasetRowsQuery = z.infer<typeof DatasetRowsQuerySchema>;

/** A version number, or `latest`. */
export const DatasetVersionParamSchema = z.union([
  z.literal('latest').transform(() => 0),
  z.coerce.number().int().min(1, 'must be a version number ≥ 1 or "latest"').max(2_147_483_647),
]);

export const DatasetRowErrorSchema = z.object({ line: z.number().int(), reason: z.string() });
export type DatasetRowError = z.infer<typeof DatasetRowErrorSchema>;

export const DatasetSchemaChangeSchema = z.object({
  column: z.string(),
  change: z.enum(['added', 'dropped', 'retyped']),
  from: DatasetColumnTypeSchema.optional(),
  to: DatasetColumnTypeSchema.optional(),
  /** Dropping or retyping breaks readers; widening integer -> number or category -> text does not. */
  breaking: z.boolean(),
});
export type DatasetSchemaChange = z.infer<typeof DatasetSchemaChangeSchema>;

export const DATASET_QUANTILES = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;

export const DatasetColumnProfileSchema = z.object({
  name: z.string(),
  type: DatasetColumnTypeSchema,
  /** Cells that are absent or a missing token ("", NA, null, NaN, ...). */
  missing: z.number().int(),
  /** Present cells that do not read as the column's type (read as null). */
  invalid: z.number().int(),
  distinct: z.number().int(),
  /** True when `distinct` is a HyperLogLog estimate (more distinct values than are counted exactly). */
  distinctApproximate: z.boolean().optional(),
  /** number/integer: numbers; timestamp: ISO-8601. */
  min: z.union([z.number(), z.string()]).optional(),
  max: z.union([z.number(), z.string()]).optional(),
  mean: z.number().optional(),
  /** Sample standard deviation (n - 1). */
  std: z.number().optional(),
  /** Linear-interpolation quantiles (numpy's default) of a uniform reservoir sample; exact up to the sample size. */
  quantiles: z.record(z.enum(DATASET_QUANTILES), z.number()).optional(),
  /** boolean, category, text: the most frequent values. */
  topValues: z.array(z.object({ value: z.string(), count: z.number().int() })).optional(),
});
export type DatasetColumnProfile = z.infer<typeof DatasetColumnProfileSchema>;

export const DatasetQualitySchema = z.object({
  /** Rows equal to an earlier row (every column, missing values alike). */
  duplicates: z.number().int(),
  /** Columns with a single distinct present value. */
  constantColumns: z.array(z.string()),
  /** number/integer column -> rows outside Tukey's fences (1.5 IQR beyond the quartiles). */
  outliers: z.record(z.string(), z.number().int()),
  warnings: z.array(z.string()),
});
export type DatasetQuality = z.infer<typeof DatasetQualitySchema>;

export const DatasetVersionViewSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  rows: z.number().int(),
  /** sha256 of the canonical rows: the same table hashes the same whatever its format or column order. */
  contentHash: z.string(),
  columns: z.array(DatasetColumnProfileSchema),
  quality: DatasetQualitySchema,
  schemaChanges: z.array(DatasetSchemaChangeSchema),
  /** onError=skip: the first rows left out, and how many in all. */
  rejected: z.array(DatasetRowErrorSchema),
  rejectedCount: z.number().int(),
  schema: DatasetSchemaSchema.nullable(),
  lineage: z.object({
    createdBy: z.string(),
    createdAt: z.string(),
    sourceFormat: DatasetFormatSchema.or(z.string()),
    sourceBytes: z.number().int(),
    sourceName: z.string().nullable(),
  }),
});
export type DatasetVersionView = z.infer<typeof DatasetVersionViewSchema>;

export const DatasetSummaryViewSchema = z.object({
  name: z.string(),
  latestVersion: z.number().int(),
  rows: z.number().int(),
  columns: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DatasetSummaryView = z.infer<typeof DatasetSummaryViewSchema>;

export const DatasetViewSchema = z.object({
  name: z.string(),
  latestVersion: z.number().int(),
  createdAt: z.string(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      rows: z.number().int(),
      columns: z.number().int(),
      contentHash: z.string(),
      breakingChanges: z.number().int(),
      createdBy: z.string(),
      createdAt: z.string(),
      sourceFormat: z.string(),
    }),
  ),
});
export type DatasetView = z.infer<typeof DatasetViewSchema>;

export const DatasetRowsViewSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  totalRows: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]))),
});
export type DatasetRowsView = z.infer<typeof DatasetRowsViewSchema>;

/**
 * Problem codes of dataset uploads, beyond the platform's ErrorCode: each names what the user
 * must fix, and the HTTP status it answers with.
 */
export const DatasetErrorCode = {
  /** Bad rows with onError=reject (or every row bad with skip): `rejected` lists them by line. */
  RowsInvalid: 'dataset_rows_invalid',
  /** No rows (empty body, or a header only). */
  Empty: 'dataset_empty',
  /** No column names (blank header, or objects without keys). */
  NoColumns: 'dataset_no_columns',
  /** The body as a whole cannot be read: not a JSON array, duplicate column names, a record past the size limit. */
  Malformed: 'dataset_malformed',
  /** The explicit schema names a column the data lacks. */
  SchemaMismatch: 'dataset_schema_mismatch',
  /** The version drops a column of the previous one (allowBreaking=true accepts it). */
  ColumnDropped: 'schema_column_dropped',
  /** The version changes a column's type incompatibly (allowBreaking=true accepts it). */
  ColumnRetyped: 'schema_column_retyped',
  UnsupportedMediaType: 'unsupported_media_type',
} as const;
export type DatasetErrorCode = (typeof DatasetErrorCode)[keyof typeof DatasetErrorCode];

export const DATASET_ERROR_STATUS: Record<DatasetErrorCode, number> = {
  dataset_rows_invalid: 422,
  dataset_empty: 400,
  dataset_no_columns: 400,
  dataset_malformed: 400,
  dataset_schema_mismatch: 422,
  schema_column_dropped: 409,
  schema_column_retyped: 409,
  unsupported_media_type: 415,
};

export const isDatasetErrorCode = (value: unknown): value is DatasetErrorCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(DATASET_ERROR_STATUS, value);

/** problem+json of a rejected upload: the platform's fields plus what to fix. */
export interface DatasetProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: DatasetErrorCode;
  requestId?: string;
  rejected?: DatasetRowError[];
  rejectedCount?: number;
  schemaChanges?: DatasetSchemaChange[];
}
