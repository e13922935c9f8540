import { Inject, Injectable } from '@nestjs/common';
import {
  DatasetColumnTypeSchema,
  isDatasetErrorCode,
  type DatasetRowsQuery,
  type DatasetRowsView,
  type DatasetSchemaChange,
  type DatasetSummaryView,
  type DatasetUploadQuery,
  type DatasetVersionView,
  type DatasetView,
  grpc,
} from '@foresight/contracts';
import { APP_CONFIG } from '@foresight/platform';
import type { FastifyRequest } from 'fastify';
import type { CallOptions } from 'nice-grpc';
import type { DeadlineOptions } from 'nice-grpc-client-middleware-deadline';
import type { GatewayConfig } from '../config/gateway.config';
import { Upstreams } from '../upstream/upstreams';
import { DatasetProblemException } from './dataset-problem';
import { openUploadBody, type UploadBody } from './upload-body';

/** Bytes per gRPC message: large enough that framing costs nothing, small enough to stay streaming. */
const MESSAGE_BYTES = 256 * 1024;

@Injectable()
export class DatasetsService {
  constructor(
    private readonly upstreams: Upstreams,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Streams the request body to the feature store as it arrives (client-streaming gRPC, one
   * header message then the bytes), and answers with the stored version, or the rejection.
   * `body` is set as soon as the body is open so the caller can tell whether it was read through.
   */
  async upload(name: string, query: DatasetUploadQuery, request: FastifyRequest, opened: (body: UploadBody) => void): Promise<{ version: DatasetVersionView; created: boolean }> {
    const body = await openUploadBody(request, { maxBytes: this.config.DATASET_MAX_UPLOAD_BYTES, ...(query.format ? { format: query.format } : {}) });
    opened(body);
    const header: grpc.DatasetUploadHeader = {
      name,
      format: body.format,
      schema: query.schema,
      onError: query.onError,
      allowBreaking: query.allowBreaking,
      sourceName: body.sourceName,
    };
    async function* messages(): AsyncGenerator<grpc.UploadDatasetVersionRequest> {
      yield { part: { $case: 'header', value: header } };
      for await (const chunk of rechunk(body.chunks, MESSAGE_BYTES)) yield { part: { $case: 'chunk', value: chunk } };
    }
    // Uploads outlive the usual upstream deadline: the whole body streams within the call.
    const options: CallOptions & DeadlineOptions = { deadline: this.config.DATASET_UPLOAD_TIMEOUT_MS };
    const response = await this.upstreams.datasets.uploadDatasetVersion(messages(), options);
    const outcome = response.outcome;
    if (outcome?.$case === 'rejection') throw rejectionProblem(outcome.value);
    if (outcome?.$case !== 'version') throw new Error('The feature store answered an upload with neither a version nor a rejection');
    return { version: toVersionView(outcome.value), created: response.created };
  }

  async list(): Promise<DatasetSummaryView[]> {
    const { datasets } = await this.upstreams.datasets.listDatasets({});
    return datasets.map((d) => ({ name: d.name, latestVersion: d.latestVersion, rows: d.rows, columns: d.columns, createdAt: d.createdAt, updatedAt: d.updatedAt }));
  }

  async get(name: string): Promise<DatasetView> {
    const d = await this.upstreams.datasets.getDataset({ name });
    return { name: d.name, latestVersion: d.latestVersion, createdAt: d.createdAt, versions: d.versions.map((v) => ({ ...v })) };
  }

  async version(name: string, version: number): Promise<DatasetVersionView> {
    return toVersionView(await this.upstreams.datasets.getDatasetVersion({ name, version }));
  }

  async rows(name: string, version: number, query: DatasetRowsQuery): Promise<DatasetRowsView> {
    const r = await this.upstreams.datasets.readDatasetRows({ name, version, limit: query.limit, offset: query.offset });
    return { name: r.name, version: r.version, totalRows: r.totalRows, offset: r.offset, limit: query.limit, columns: r.columns, rows: r.rows as DatasetRowsView['rows'] };
  }
}

/** Coalesces the HTTP body's small reads into fewer, larger gRPC messages. */
async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of source) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield Buffer.concat(parts, length);
}

function toChange(c: grpc.DatasetSchemaChange): DatasetSchemaChange {
  return {
    column: c.column,
    change: c.change as DatasetSchemaChange['change'],
    ...(c.from ? { from: DatasetColumnTypeSchema.parse(c.from) } : {}),
    ...(c.to ? { to: DatasetColumnTypeSchema.parse(c.to) } : {}),
    breaking: c.breaking,
  };
}

function rejectionProblem(r: grpc.DatasetUploadRejection): DatasetProblemException {
  if (!isDatasetErrorCode(r.code)) return new DatasetProblemException('dataset_malformed', r.message);
  return new DatasetProblemException(r.code, r.message, {
    ...(r.rows.length > 0 || r.rejectedCount > 0 ? { rejected: r.rows.map((x) => ({ line: x.line, reason: x.reason })), rejectedCount: r.rejectedCount } : {}),
    ...(r.schemaChanges.length > 0 ? { schemaChanges: r.schemaChanges.map(toChange) } : {}),
  });
}

function toVersionView(v: grpc.DatasetVersion): DatasetVersionView {
  return {
    name: v.name,
    version: v.version,
    rows: v.rows,
    contentHash: v.contentHash,
    columns: v.columns as DatasetVersionView['columns'],
    quality: v.quality as DatasetVersionView['quality'],
    schemaChanges: v.schemaChanges.map(toChange),
    rejected: v.rejected.map((r) => ({ line: r.line, reason: r.reason })),
    rejectedCount: v.rejectedCount,
    schema: (v.schema as DatasetVersionView['schema']) ?? null,
    lineage: { createdBy: v.createdBy, createdAt: v.createdAt, sourceFormat: v.sourceFormat, sourceBytes: v.sourceBytes, sourceName: v.sourceName || null },
  };
}
