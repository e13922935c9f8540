import { DatasetFormatSchema, DatasetOnErrorSchema, DatasetSchemaSchema, grpc, MAX_DATASET_ROWS_PAGE } from '@foresight/contracts';
import { currentContext, GrpcService, parseOrThrow, requireTenant, ValidationException } from '@foresight/platform';
import { z } from 'zod';
import { DatasetReader } from './dataset-reader';
import { DatasetWriter } from './dataset-writer';
import { DatasetRejection } from './datasets.exception';
import { toWireRejection, toWireSummary, toWireVersion, toWireVersionSummary } from './datasets.mapper';

const HeaderSchema = z.object({
  name: z.string(),
  format: DatasetFormatSchema,
  schema: DatasetSchemaSchema.optional(),
  onError: DatasetOnErrorSchema,
  allowBreaking: z.boolean(),
  sourceName: z.string().max(512),
});

@GrpcService(grpc.DatasetServiceDefinition)
export class DatasetsGrpc implements grpc.DatasetServiceImplementation {
  constructor(
    private readonly writer: DatasetWriter,
    private readonly reader: DatasetReader,
  ) {}

  async uploadDatasetVersion(request: AsyncIterable<grpc.UploadDatasetVersionRequest>): Promise<grpc.UploadDatasetVersionResponse> {
    const tenantId = requireTenant();
    const messages = request[Symbol.asyncIterator]();
    const first = await messages.next();
    if (first.done || first.value.part?.$case !== 'header') {
      throw new ValidationException('The first message of an upload must be its header', [{ path: 'header', message: 'missing' }]);
    }
    const h = first.value.part.value;
    const header = parseOrThrow(
      HeaderSchema,
      { ...h, onError: h.onError || 'reject', ...(h.schema && Object.keys(h.schema).length > 0 ? { schema: h.schema } : { schema: undefined }) },
      'upload header',
    );
    const body = async function* () {
      for (let next = await messages.next(); !next.done; next = await messages.next()) {
        if (next.value.part?.$case !== 'chunk') throw new ValidationException('Only the first message of an upload may be a header', [{ path: 'chunk', message: 'expected bytes' }]);
        yield next.value.part.value;
      }
    };
    try {
      const { version, created } = await this.writer.upload(
        {
          tenantId,
          name: header.name,
          format: header.format,
          onError: header.onError,
          allowBreaking: header.allowBreaking,
          createdBy: currentContext()?.subject ?? 'unknown',
          sourceName: header.sourceName || null,
          ...(header.schema ? { schema: header.schema } : {}),
        },
        body(),
      );
      return { outcome: { $case: 'version', value: toWireVersion(version) }, created };
    } catch (error) {
      if (error instanceof DatasetRejection) return { outcome: { $case: 'rejection', value: toWireRejection(error) }, created: false };
      throw error;
    }
  }

  async listDatasets(): Promise<grpc.ListDatasetsResponse> {
    return { datasets: (await this.reader.list(requireTenant())).map(toWireSummary) };
  }

  async getDataset(request: grpc.GetDatasetRequest): Promise<grpc.Dataset> {
    const d = await this.reader.dataset(requireTenant(), request.name);
    return { name: d.name, latestVersion: d.latestVersion, createdAt: d.createdAt.toISOString(), versions: d.versions.map(toWireVersionSummary) };
  }

  async getDatasetVersion(request: grpc.GetDatasetVersionRequest): Promise<grpc.DatasetVersion> {
    return toWireVersion(await this.reader.version(requireTenant(), request.name, request.version));
  }

  async readDatasetRows(request: grpc.ReadDatasetRowsRequest): Promise<grpc.ReadDatasetRowsResponse> {
    const limit = parseOrThrow(z.number().int().min(1).max(MAX_DATASET_ROWS_PAGE), request.limit || 100, 'limit', ['limit']);
    const offset = parseOrThrow(z.number().int().min(0), request.offset, 'offset', ['offset']);
    const { version, rows } = await this.reader.page(requireTenant(), request.name, request.version, offset, limit);
    return { name: version.name, version: version.version, totalRows: version.rows, offset, columns: version.columns.map((c) => c.name), rows };
  }
}
