import { Injectable } from '@nestjs/common';
import { ResourceNameSchema, type DatasetColumnType, type FeatureValue } from '@foresight/contracts';
import { parseOrThrow } from '@foresight/platform';
import { DatasetNotFoundException, DatasetVersionNotFoundException } from './datasets.exception';
import { DatasetsRepository, type DatasetSummaryRecord, type StoredChunkRecord, type VersionRecord, type VersionSummaryRecord } from './datasets.repository';
import { readCell, type RawCell } from './ingest/cells';

export type DatasetRow = Record<string, FeatureValue | null>;

export interface DatasetDescription {
  name: string;
  version: number;
  rows: number;
  contentHash: string;
  columns: Array<{ name: string; type: DatasetColumnType }>;
  createdAt: Date;
}

/**
 * Reads dataset versions: typed rows (number, integer, boolean as booleans; timestamps as
 * ISO-8601 strings; category trimmed; text as sent; null for missing or unreadable values) in
 * stored order, a chunk of ~5,000 rows in memory at a time.
 *
 *   const version = await reader.latestVersion(tenantId, 'orders');
 *   const { columns } = await reader.describe(tenantId, 'orders', version);
 *   for await (const batch of reader.readRows(tenantId, 'orders', version, { batchSize: 1000 })) { ... }
 *
 * Every method is tenant-scoped: another tenant's dataset is DatasetNotFoundException (404).
 */
@Injectable()
export class DatasetReader {
  constructor(private readonly repository: DatasetsRepository) {}

  list(tenantId: string): Promise<DatasetSummaryRecord[]> {
    return this.repository.listDatasets(tenantId);
  }

  /** A dataset with its versions, newest first. */
  async dataset(tenantId: string, name: string): Promise<{ name: string; latestVersion: number; createdAt: Date; versions: VersionSummaryRecord[] }> {
    parseOrThrow(ResourceNameSchema, name, 'dataset name', ['name']);
    const dataset = await this.repository.findDataset(tenantId, name);
    if (!dataset || dataset.latestVersion === 0) throw new DatasetNotFoundException(name);
    return { name, latestVersion: dataset.latestVersion, createdAt: dataset.createdAt, versions: await this.repository.listVersions(tenantId, dataset.id) };
  }

  async latestVersion(tenantId: string, name: string): Promise<number> {
    const dataset = await this.repository.findDataset(tenantId, name);
    if (!dataset || dataset.latestVersion === 0) throw new DatasetNotFoundException(name);
    return dataset.latestVersion;
  }

  async describe(tenantId: string, name: string, version: number): Promise<DatasetDescription> {
    const v = await this.version(tenantId, name, version);
    return { name, version: v.version, rows: v.rows, contentHash: v.contentHash, columns: v.columns.map((c) => ({ name: c.name, type: c.type })), createdAt: v.createdAt };
  }

  /** The version's rows in order, in batches of `batchSize` (default 5,000). */
  async *readRows(tenantId: string, name: string, version: number, options: { batchSize?: number } = {}): AsyncIterable<DatasetRow[]> {
    const batchSize = Math.max(1, options.batchSize ?? 5000);
    const v = await this.version(tenantId, name, version);
    const typer = rowTyper(v);
    let batch: DatasetRow[] = [];
    let next = this.repository.chunk(tenantId, v.contentId, 0);
    for (let seq = 0; ; seq++) {
      const chunk = await next;
      if (!chunk) break;
      // Fetch the next chunk while this one is decoded and consumed.
      next = this.repository.chunk(tenantId, v.contentId, seq + 1);
      for (const cells of decodeChunk(chunk)) {
        batch.push(typer(cells));
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Rows [offset, offset + limit) of a version, typed. */
  async page(tenantId: string, name: string, version: number, offset: number, limit: number): Promise<{ version: VersionRecord; rows: DatasetRow[] }> {
    const v = await this.version(tenantId, name, version);
    const end = Math.min(v.rows, offset + limit);
    if (offset >= end) return { version: v, rows: [] };
    const typer = rowTyper(v);
    const rows: DatasetRow[] = [];
    for (const chunk of await this.repository.chunksCovering(tenantId, v.contentId, offset, end)) {
      const cells = decodeChunk(chunk);
      const from = Math.max(offset - chunk.firstRow, 0);
      const to = Math.min(end - chunk.firstRow, chunk.rows);
      for (let i = from; i < to; i++) rows.push(typer(cells[i]!));
    }
    return { version: v, rows };
  }

  /** A version with everything recorded about it; `version` 0 is the latest. */
  async version(tenantId: string, name: string, version: number): Promise<VersionRecord> {
    parseOrThrow(ResourceNameSchema, name, 'dataset name', ['name']);
    const v = await this.repository.findVersion(tenantId, name, version);
    if (v) return v;
    if (version === 0 || !(await this.repository.findDataset(tenantId, name))) throw new DatasetNotFoundException(name);
    throw new DatasetVersionNotFoundException(name, version);
  }
}

function decodeChunk(chunk: StoredChunkRecord): RawCell[][] {
  return JSON.parse(chunk.data.toString('utf8')) as RawCell[][];
}

/** Stored cells (content column order) → a row object keyed by column, typed by the version's columns. */
function rowTyper(v: VersionRecord): (cells: RawCell[]) => DatasetRow {
  const positions = v.columns.map((c) => v.contentColumns.indexOf(c.name));
  const columns = v.columns;
  return (cells) => {
    const row: DatasetRow = {};
    for (let i = 0; i < columns.length; i++) {
      const p = positions[i]!;
      const { name, type } = columns[i]!;
      const value = readCell(p >= 0 && p < cells.length ? cells[p]! : null, type);
      // A column may be called "__proto__": assigning it would set the prototype instead.
      if (name === '__proto__') Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
      else row[name] = value;
    }
    return row;
  };
}
