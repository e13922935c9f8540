import { Injectable } from '@nestjs/common';
import type {
  DatasetVersionView,
  FeatureStatisticsProfile,
  FeatureStatisticsView,
  grpc,
  MaterializationReport,
  MaterializeBody,
  TrainingSetBody,
  TrainingSetResult,
} from '@foresight/contracts';
import type { CallOptions } from 'nice-grpc';
import type { DeadlineOptions } from 'nice-grpc-client-middleware-deadline';
import { Upstreams } from '../upstream/upstreams';

/**
 * Materializations and training sets run to completion within the call (minutes for millions of
 * rows), far past the usual upstream deadline meant for online calls.
 */
const BATCH_CALL: CallOptions & DeadlineOptions = { deadline: 30 * 60_000 };

@Injectable()
export class MaterializationService {
  constructor(private readonly upstreams: Upstreams) {}

  async materialize(view: string, body: MaterializeBody): Promise<MaterializationReport> {
    const r = await this.upstreams.materialization.materialize({ view, mode: body.mode, version: body.version ?? 0 }, BATCH_CALL);
    return {
      view: r.view,
      version: r.version,
      mode: r.mode as MaterializationReport['mode'],
      datasetVersion: { name: r.dataset, version: r.datasetVersion },
      rowsRead: r.rowsRead,
      rowsWritten: r.rowsWritten,
      entitiesUpdated: r.entitiesUpdated,
      skipped: r.skipped,
      watermark: r.watermark || null,
      upToDate: r.upToDate,
      errors: r.errors.map((e) => ({ line: e.line, reason: e.reason })),
      runId: r.runId,
    };
  }

  async statistics(view: string, version?: number): Promise<FeatureStatisticsView> {
    const s = await this.upstreams.materialization.getFeatureStatistics({ view, version: version ?? 0 });
    return {
      view: s.view,
      version: s.version,
      datasetVersion: { name: s.dataset, version: s.datasetVersion },
      rows: s.rows,
      features: s.features as unknown as FeatureStatisticsProfile[],
      computedAt: s.computedAt,
    };
  }

  async buildTrainingSet(body: TrainingSetBody): Promise<TrainingSetResult> {
    const entityRows: grpc.BuildTrainingSetRequest['entityRows'] = Array.isArray(body.entityRows)
      ? { $case: 'rows', value: { rows: body.entityRows } }
      : { $case: 'dataset', value: { name: body.entityRows.dataset.name, version: body.entityRows.dataset.version ?? 0 } };
    const set = await this.upstreams.trainingSets.buildTrainingSet({ name: body.name, entityRows, featureViews: body.featureViews }, BATCH_CALL);
    const d = set.dataset!;
    return {
      dataset: { name: d.name, version: d.version, rows: d.rows, contentHash: d.contentHash, columns: d.columns as DatasetVersionView['columns'], createdAt: d.createdAt },
      created: set.created,
      rows: set.rows,
      features: set.features.map((f) => ({ ...f })),
    };
  }
}
