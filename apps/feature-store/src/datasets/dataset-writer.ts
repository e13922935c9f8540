import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  DatasetErrorCode,
  ResourceNameSchema,
  type DatasetColumnProfile,
  type DatasetFormat,
  type DatasetOnError,
  type DatasetSchema,
} from '@foresight/contracts';
import { parseOrThrow } from '@foresight/platform';
import { DatasetRejection } from './datasets.exception';
import { DatasetsRepository, type IngestTransaction, type VersionRecord } from './datasets.repository';
import { DatasetIngestion, type IngestSummary, type SealedChunk } from './ingest/dataset-ingestion';
import { IngestThread } from './ingest/ingest-thread';
import { ObjectRowParser } from './ingest/row-parsers';
import { diffSchemas } from './ingest/schema-diff';

export interface VersionOptions {
  /** Column -> type; values must fit (a misfit is a bad row). Other columns are inferred. */
  schema?: DatasetSchema;
  /** reject (default): any bad row fails the whole version; skip: bad rows are left out and listed. */
  onError?: DatasetOnError;
  /** Accept dropped or incompatibly retyped columns against the latest version. */
  allowBreaking?: boolean;
  /** Who creates it (lineage): a user's subject or a service name. */
  createdBy: string;
  /** Lineage: file name, content type or producing job. */
  sourceName?: string | null;
}

export interface UploadRequest extends VersionOptions {
  tenantId: string;
  name: string;
  format: DatasetFormat;
}

export interface WrittenVersion {
  version: VersionRecord;
  /** False when the same content with the same column types already was a version: that one is returned. */
  created: boolean;
}

/** An ingest: hands sealed chunks to `store` as they come (awaiting it), then returns what was read. */
type Pump = (store: (chunks: SealedChunk[]) => Promise<void>) => Promise<{ summary: IngestSummary; sourceBytes: number }>;

/**
 * Creates dataset versions: from an uploaded byte stream (the gRPC upload) or from row objects
 * produced in code (`createVersion`, e.g. a training set written out as a dataset). Records
 * are profiled and stored chunk by chunk as they arrive, one chunk write in flight while the
 * next is parsed, all in one transaction: a rejected version leaves nothing behind. Uploaded
 * bytes are parsed and profiled on the ingestion thread (IngestThread), one message ahead of
 * the body being received and the chunks being written here.
 */
@Injectable()
export class DatasetWriter implements OnApplicationShutdown {
  private readonly thread = new IngestThread();

  constructor(private readonly repository: DatasetsRepository) {}

  async onApplicationShutdown(): Promise<void> {
    await this.thread.close();
  }

  /** A version from raw CSV / JSON-array / NDJSON bytes, read as they stream. */
  upload(request: UploadRequest, body: AsyncIterable<Uint8Array>): Promise<WrittenVersion> {
    const options = { onError: request.onError ?? 'reject', ...(request.schema ? { schema: request.schema } : {}) };
    return this.write(request.tenantId, request.name, request.format, request, async (store) => {
      const remote = this.thread.start(request.format, options);
      try {
        let sourceBytes = 0;
        for await (const bytes of body) {
          sourceBytes += bytes.length;
          remote.write(bytes);
          await store(await remote.take(1));
        }
        const { chunks, summary } = await remote.finish();
        await store(chunks);
        return { summary, sourceBytes };
      } finally {
        remote.abort();
      }
    });
  }

  /**
   * A version from row objects (any values: numbers, strings, booleans, null, nested values as
   * JSON text), typed and profiled like an upload. Throws DatasetRejection (a DomainException:
   * validation_failed or conflict, `errors` naming lines or columns) when the rows are refused.
   */
  createVersion(tenantId: string, name: string, rows: AsyncIterable<unknown> | Iterable<unknown>, options: VersionOptions): Promise<WrittenVersion> {
    return this.write(tenantId, name, 'rows', options, async (store) => {
      const ingestion = new DatasetIngestion({ onError: options.onError ?? 'reject', ...(options.schema ? { schema: options.schema } : {}) });
      const parser = new ObjectRowParser(ingestion);
      ingestion.readFrom(parser, false);
      let n = 0;
      for await (const row of rows) {
        parser.push(row);
        if (++n % 1000 === 0) await store(ingestion.takeChunks());
      }
      const summary = ingestion.finish();
      await store(ingestion.takeChunks());
      return { summary, sourceBytes: 0 };
    });
  }

  private async write(tenantId: string, name: string, sourceFormat: DatasetFormat | 'rows', options: VersionOptions, pump: Pump): Promise<WrittenVersion> {
    parseOrThrow(ResourceNameSchema, name, 'dataset name', ['name']);
    const tx = await this.repository.beginIngest(tenantId);
    let inflight: Promise<void> = Promise.resolve();
    const store = async (chunks: SealedChunk[]) => {
      for (const chunk of chunks) {
        await inflight;
        inflight = tx.writeChunk(chunk);
      }
    };
    try {
      const { summary, sourceBytes } = await pump(store);
      await inflight;
      return await this.settle(tx, tenantId, name, summary, { ...options, sourceFormat, sourceBytes });
    } catch (error) {
      await inflight.catch(() => undefined);
      await tx.rollback();
      throw error;
    }
  }

  private async settle(
    tx: IngestTransaction,
    tenantId: string,
    name: string,
    summary: IngestSummary,
    options: VersionOptions & { sourceFormat: string; sourceBytes: number },
  ): Promise<WrittenVersion> {
    const { contentId, reused } = await tx.settleContent(summary.contentHash, summary.rows, summary.columns);
    const dataset = await tx.lockDataset(name);
    const previous = dataset.latestVersion > 0 ? await tx.versionColumns(dataset.id, dataset.latestVersion) : undefined;
    const schemaChanges = previous ? diffSchemas(previous, summary.profiles) : [];
    const breaking = schemaChanges.filter((c) => c.breaking);
    if (breaking.length > 0 && !options.allowBreaking) {
      const dropped = breaking.some((c) => c.change === 'dropped');
      throw new DatasetRejection(
        dropped ? DatasetErrorCode.ColumnDropped : DatasetErrorCode.ColumnRetyped,
        `The new version of "${name}" breaks version ${dataset.latestVersion}: ${breaking.map(describeChange).join('; ')} (allowBreaking=true accepts it)`,
        { schemaChanges },
      );
    }
    if (reused) {
      const same = (await tx.versionsOfContent(dataset.id, contentId)).find((v) => sameColumnTypes(v.columns, summary.profiles));
      if (same) {
        await tx.rollback();
        return { version: await this.versionOrFail(tenantId, name, same.version), created: false };
      }
    }
    const version = dataset.latestVersion + 1;
    await tx.insertVersion({
      datasetId: dataset.id,
      version,
      contentId,
      rows: summary.rows,
      columns: summary.profiles,
      quality: summary.quality,
      schemaChanges,
      explicitSchema: options.schema ?? null,
      rejected: summary.rejected,
      rejectedCount: summary.rejectedCount,
      sourceFormat: options.sourceFormat,
      sourceBytes: options.sourceBytes,
      sourceName: options.sourceName ?? null,
      createdBy: options.createdBy,
    });
    await tx.commit();
    return { version: await this.versionOrFail(tenantId, name, version), created: true };
  }

  private async versionOrFail(tenantId: string, name: string, version: number): Promise<VersionRecord> {
    const record = await this.repository.findVersion(tenantId, name, version);
    if (!record) throw new Error(`version ${version} of "${name}" vanished right after it was written`);
    return record;
  }
}

function describeChange(c: { column: string; change: string; from?: string; to?: string }): string {
  return c.change === 'retyped' ? `column "${c.column}" changes from ${c.from} to ${c.to}` : `column "${c.column}" is ${c.change}`;
}

function sameColumnTypes(a: readonly DatasetColumnProfile[], b: readonly DatasetColumnProfile[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type === b[i]!.type);
}
