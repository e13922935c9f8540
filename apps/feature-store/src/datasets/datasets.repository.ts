import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { DatasetColumnProfile, DatasetQuality, DatasetRowError, DatasetSchema, DatasetSchemaChange } from '@foresight/contracts';
import { APP_CONFIG, PrismaService } from '@foresight/platform';
import { Pool, type PoolClient } from 'pg';
import type { SealedChunk } from './ingest/dataset-ingestion';

/** What a version records about its rows and its origin. */
interface VersionFields {
  version: number;
  contentId: string;
  rows: number;
  columns: DatasetColumnProfile[];
  quality: DatasetQuality;
  schemaChanges: DatasetSchemaChange[];
  explicitSchema: DatasetSchema | null;
  rejected: DatasetRowError[];
  rejectedCount: number;
  sourceFormat: string;
  sourceBytes: number;
  sourceName: string | null;
  createdBy: string;
}

/** A version as stored, with its content's hash and row layout. */
export interface VersionRecord extends VersionFields {
  id: string;
  name: string;
  contentHash: string;
  /** The content's column order: the order of every stored row array. */
  contentColumns: string[];
  createdAt: Date;
}

export interface DatasetSummaryRecord {
  name: string;
  latestVersion: number;
  rows: number;
  columns: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionSummaryRecord {
  version: number;
  rows: number;
  columns: DatasetColumnProfile[];
  contentHash: string;
  schemaChanges: DatasetSchemaChange[];
  createdBy: string;
  createdAt: Date;
  sourceFormat: string;
}

export interface NewVersion extends VersionFields {
  datasetId: string;
}

export interface StoredChunkRecord {
  seq: number;
  firstRow: number;
  rows: number;
  width: number;
  data: Buffer;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Datasets in the `features` schema, always scoped by tenant. Metadata goes through Prisma;
 * chunk bytes through a small pg pool of its own, because Prisma's driver-adapter path copies
 * and re-encodes Bytes parameters (an upload of 1M rows × 20 columns took 4-6 s to insert that
 * way against 1 s with pg binding the Buffer directly). An upload is one transaction on one
 * pooled connection (`IngestTransaction`).
 */
@Injectable()
export class DatasetsRepository implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) config: { DATABASE_URL: string },
  ) {
    this.pool = new Pool({ connectionString: config.DATABASE_URL, max: 4 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  /** Opens an upload's transaction with an empty content to attach chunks to. */
  async beginIngest(tenantId: string): Promise<IngestTransaction> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx = new IngestTransaction(client, tenantId);
      await tx.openContent();
      return tx;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }

  listDatasets(tenantId: string): Promise<DatasetSummaryRecord[]> {
    return this.prisma.$queryRaw<DatasetSummaryRecord[]>`
      SELECT d."name", d."latestVersion", v."rows", jsonb_array_length(v."columns")::int AS "columns", d."createdAt", d."updatedAt"
        FROM "features"."datasets" d
        JOIN "features"."dataset_versions" v ON v."datasetId" = d."id" AND v."version" = d."latestVersion"
       WHERE d."tenantId" = ${tenantId}
       ORDER BY d."name"`;
  }

  findDataset(tenantId: string, name: string) {
    return this.prisma.dataset.findUnique({ where: { tenantId_name: { tenantId, name } }, select: { id: true, name: true, latestVersion: true, createdAt: true } });
  }

  async listVersions(tenantId: string, datasetId: string): Promise<VersionSummaryRecord[]> {
    const rows = await this.prisma.datasetVersion.findMany({
      where: { tenantId, datasetId },
      orderBy: { version: 'desc' },
      select: { version: true, rows: true, columns: true, schemaChanges: true, createdBy: true, createdAt: true, sourceFormat: true, content: { select: { hash: true } } },
    });
    return rows.map((r) => ({
      version: r.version,
      rows: r.rows,
      columns: r.columns as unknown as DatasetColumnProfile[],
      contentHash: r.content.hash,
      schemaChanges: r.schemaChanges as unknown as DatasetSchemaChange[],
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      sourceFormat: r.sourceFormat,
    }));
  }

  /** A version of the tenant's dataset; `version` 0 means the latest. */
  async findVersion(tenantId: string, name: string, version: number): Promise<VersionRecord | undefined> {
    const dataset = await this.findDataset(tenantId, name);
    if (!dataset || dataset.latestVersion === 0) return undefined;
    const row = await this.prisma.datasetVersion.findUnique({
      where: { datasetId_version: { datasetId: dataset.id, version: version === 0 ? dataset.latestVersion : version } },
      include: { content: { select: { hash: true, columns: true } } },
    });
    if (!row || row.tenantId !== tenantId) return undefined;
    return {
      id: row.id,
      name,
      version: row.version,
      rows: row.rows,
      contentId: row.contentId,
      contentHash: row.content.hash,
      contentColumns: row.content.columns,
      columns: row.columns as unknown as DatasetColumnProfile[],
      quality: row.quality as unknown as DatasetQuality,
      schemaChanges: row.schemaChanges as unknown as DatasetSchemaChange[],
      explicitSchema: (row.explicitSchema as unknown as DatasetSchema | null) ?? null,
      rejected: row.rejected as unknown as DatasetRowError[],
      rejectedCount: row.rejectedCount,
      sourceFormat: row.sourceFormat,
      sourceBytes: Number(row.sourceBytes),
      sourceName: row.sourceName,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
    };
  }

  /** The chunks of a content holding rows [from, to), in order. */
  async chunksCovering(tenantId: string, contentId: string, from: number, to: number): Promise<StoredChunkRecord[]> {
    const { rows } = await this.pool.query<StoredChunkRecord>(
      `SELECT "seq", "firstRow", "rows", "width", "data" FROM "features"."dataset_chunks"
        WHERE "tenantId" = $1 AND "contentId" = $2 AND "firstRow" < $4 AND "firstRow" + "rows" > $3
        ORDER BY "seq"`,
      [tenantId, contentId, from, to],
    );
    return rows;
  }

  async chunk(tenantId: string, contentId: string, seq: number): Promise<StoredChunkRecord | undefined> {
    const { rows } = await this.pool.query<StoredChunkRecord>(
      `SELECT "seq", "firstRow", "rows", "width", "data" FROM "features"."dataset_chunks" WHERE "tenantId" = $1 AND "contentId" = $2 AND "seq" = $3`,
      [tenantId, contentId, seq],
    );
    return rows[0];
  }
}

/**
 * One upload's transaction. Chunks go into a content row created up front (its hash is only
 * known at the end) after a savepoint, so that when the same content turns out to exist
 * already, rolling back to the savepoint drops the copy and the version points at the original.
 */
export class IngestTransaction {
  private contentId: string = randomUUID();
  private chunkBytes = 0;
  private done = false;

  constructor(
    private readonly client: PoolClient,
    private readonly tenantId: string,
  ) {}

  async openContent(): Promise<void> {
    await this.client.query('SAVEPOINT content');
    await this.client.query(
      `INSERT INTO "features"."dataset_contents" ("id", "tenantId", "hash", "rows", "columns", "bytes") VALUES ($1, $2, $3, 0, '{}', 0)`,
      [this.contentId, this.tenantId, `pending:${this.contentId}`],
    );
  }

  async writeChunk(chunk: SealedChunk): Promise<void> {
    this.chunkBytes += chunk.data.length;
    await this.client.query(
      `INSERT INTO "features"."dataset_chunks" ("contentId", "seq", "tenantId", "firstRow", "rows", "width", "data") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [this.contentId, chunk.seq, this.tenantId, chunk.firstRow, chunk.rows, chunk.width, chunk.data],
    );
  }

  /**
   * Gives the uploaded content its hash, or, when the tenant already stores that content
   * (also when a concurrent upload of it commits first), drops the copy and uses the original.
   */
  async settleContent(hash: string, rows: number, columns: string[]): Promise<{ contentId: string; reused: boolean }> {
    const existing = await this.findContent(hash);
    if (existing) return this.reuse(existing);
    try {
      await this.client.query('SAVEPOINT settle');
      await this.client.query(`UPDATE "features"."dataset_contents" SET "hash" = $2, "rows" = $3, "columns" = $4, "bytes" = $5 WHERE "id" = $1`, [
        this.contentId,
        hash,
        rows,
        columns,
        this.chunkBytes,
      ]);
      return { contentId: this.contentId, reused: false };
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await this.client.query('ROLLBACK TO SAVEPOINT settle');
      const raced = await this.findContent(hash);
      if (!raced) throw error;
      return this.reuse(raced);
    }
  }

  private async reuse(contentId: string): Promise<{ contentId: string; reused: boolean }> {
    await this.client.query('ROLLBACK TO SAVEPOINT content');
    this.contentId = contentId;
    return { contentId, reused: true };
  }

  private async findContent(hash: string): Promise<string | undefined> {
    const { rows } = await this.client.query<{ id: string }>(`SELECT "id" FROM "features"."dataset_contents" WHERE "tenantId" = $1 AND "hash" = $2`, [this.tenantId, hash]);
    return rows[0]?.id;
  }

  /** Creates the dataset on first use and locks its row until commit: versions of one dataset are numbered one at a time. */
  async lockDataset(name: string): Promise<{ id: string; latestVersion: number }> {
    const { rows } = await this.client.query<{ id: string; latestVersion: number }>(
      `INSERT INTO "features"."datasets" ("id", "tenantId", "name") VALUES ($1, $2, $3)
       ON CONFLICT ("tenantId", "name") DO UPDATE SET "updatedAt" = "datasets"."updatedAt"
       RETURNING "id", "latestVersion"`,
      [randomUUID(), this.tenantId, name],
    );
    return rows[0]!;
  }

  async versionColumns(datasetId: string, version: number): Promise<DatasetColumnProfile[] | undefined> {
    const { rows } = await this.client.query<{ columns: DatasetColumnProfile[] }>(
      `SELECT "columns" FROM "features"."dataset_versions" WHERE "datasetId" = $1 AND "version" = $2`,
      [datasetId, version],
    );
    return rows[0]?.columns;
  }

  /** Versions of the dataset over `contentId`, newest first, with their columns. */
  async versionsOfContent(datasetId: string, contentId: string): Promise<Array<{ version: number; columns: DatasetColumnProfile[] }>> {
    const { rows } = await this.client.query<{ version: number; columns: DatasetColumnProfile[] }>(
      `SELECT "version", "columns" FROM "features"."dataset_versions" WHERE "datasetId" = $1 AND "contentId" = $2 ORDER BY "version" DESC`,
      [datasetId, contentId],
    );
    return rows;
  }

  async insertVersion(v: NewVersion): Promise<void> {
    await this.client.query(`UPDATE "features"."datasets" SET "latestVersion" = $2, "updatedAt" = now() WHERE "id" = $1`, [v.datasetId, v.version]);
    await this.client.query(
      `INSERT INTO "features"."dataset_versions"
         ("id", "tenantId", "datasetId", "version", "contentId", "rows", "columns", "quality", "schemaChanges", "explicitSchema",
          "rejected", "rejectedCount", "sourceFormat", "sourceBytes", "sourceName", "createdBy")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        randomUUID(),
        this.tenantId,
        v.datasetId,
        v.version,
        v.contentId,
        v.rows,
        JSON.stringify(v.columns),
        JSON.stringify(v.quality),
        JSON.stringify(v.schemaChanges),
        v.explicitSchema === null ? null : JSON.stringify(v.explicitSchema),
        JSON.stringify(v.rejected),
        v.rejectedCount,
        v.sourceFormat,
        v.sourceBytes,
        v.sourceName,
        v.createdBy,
      ],
    );
  }

  async commit(): Promise<void> {
    await this.finish('COMMIT');
  }

  /** Safe to call after commit or twice: the first end wins. */
  async rollback(): Promise<void> {
    await this.finish('ROLLBACK');
  }

  private async finish(statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.client.query(statement);
      this.client.release();
    } catch (error) {
      // A connection that failed mid-transaction is not handed to the next upload.
      this.client.release(error as Error);
      if (statement === 'COMMIT') throw error;
    }
  }
}
