import { Module } from '@nestjs/common';
import { DatasetReader } from './dataset-reader';
import { DatasetWriter } from './dataset-writer';
import { DatasetsGrpc } from './datasets.grpc';
import { DatasetsRepository } from './datasets.repository';

/**
 * Datasets: named tables with immutable, content-addressed versions (PostgreSQL `features`
 * schema), uploaded over gRPC as a byte stream and profiled on the way in.
 *
 * For other feature-store modules (feature views, materialization, training sets), import
 * this module and inject:
 *   - DatasetReader: latestVersion(tenantId, name), describe(tenantId, name, version) (columns
 *     with types), readRows(tenantId, name, version, { batchSize }) → AsyncIterable of typed row
 *     batches in stored order; page(...) for a slice.
 *   - DatasetWriter: createVersion(tenantId, name, rows, { createdBy, schema?, onError?,
 *     allowBreaking? }) → a new version from an (async) iterable of row objects, typed,
 *     profiled and deduplicated like an upload; throws DatasetRejection (validation_failed /
 *     conflict) when the rows are refused, leaving nothing stored.
 */
@Module({
  providers: [DatasetsGrpc, DatasetReader, DatasetWriter, DatasetsRepository],
  exports: [DatasetReader, DatasetWriter],
})
export class DatasetsModule {}
