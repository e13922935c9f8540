import type { DatasetSchemaChange, grpc } from '@foresight/contracts';
import type { DatasetRejection } from './datasets.exception';
import type { DatasetSummaryRecord, VersionRecord, VersionSummaryRecord } from './datasets.repository';

/** Wire shapes of the DatasetService from repository records (never Prisma models). */
export function toWireVersion(v: VersionRecord): grpc.DatasetVersion {
  return {
    name: v.name,
    version: v.version,
    rows: v.rows,
    contentHash: v.contentHash,
    columns: v.columns,
    quality: v.quality,
    schemaChanges: v.schemaChanges.map(toWireChange),
    rejected: v.rejected,
    rejectedCount: v.rejectedCount,
    schema: v.explicitSchema ?? undefined,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    sourceFormat: v.sourceFormat,
    sourceBytes: v.sourceBytes,
    sourceName: v.sourceName ?? '',
  };
}

export function toWireChange(c: DatasetSchemaChange): grpc.DatasetSchemaChange {
  return { column: c.column, change: c.change, from: c.from ?? '', to: c.to ?? '', breaking: c.breaking };
}

export function toWireRejection(r: DatasetRejection): grpc.DatasetUploadRejection {
  return {
    code: r.datasetCode,
    message: r.message,
    rows: r.details.rows ?? [],
    rejectedCount: r.details.rejectedCount ?? 0,
    schemaChanges: (r.details.schemaChanges ?? []).map(toWireChange),
  };
}

export function toWireSummary(d: DatasetSummaryRecord): grpc.DatasetSummary {
  return { name: d.name, latestVersion: d.latestVersion, rows: d.rows, columns: d.columns, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() };
}

export function toWireVersionSummary(v: VersionSummaryRecord): grpc.DatasetVersionSummary {
  return {
    version: v.version,
    rows: v.rows,
    columns: v.columns.length,
    contentHash: v.contentHash,
    breakingChanges: v.schemaChanges.filter((c) => c.breaking).length,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    sourceFormat: v.sourceFormat,
  };
}
