import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FeaturesMaterialized, MaterializationModeSchema, ResourceNameSchema, type grpc, type MaterializationMode, type MaterializationReport } from '@foresight/contracts';
import { OnlineFeatureWriter, type OnlineWrite } from '@foresight/feature-store-client';
import { EventPublisher, parseOrThrow } from '@foresight/platform';
import { DatasetReader } from '../datasets/dataset-reader';
import { EntitiesService } from '../entities/entities.service';
import { FeatureStatisticsRepository } from '../feature-statistics/feature-statistics.repository';
import { FeatureViewsService } from '../feature-views/feature-views.service';
import { MaterializationPass } from './materialization-pass';
import { StreamSourcedViewException } from './materialization.exception';
import { MaterializationRepository } from './materialization.repository';
import { OfflineFeatureLog, type OfflineTransaction } from './offline-feature-log';
import { compileViewSource, type ViewSource } from './view-source';

const READ_BATCH = 5000;
const ONLINE_BATCH = 1000;

export interface MaterializeCommand {
  view: string;
  mode: MaterializationMode;
  /** Undefined = the latest view version. */
  version?: number;
  createdBy: string;
}

/**
 * Materializes a dataset-sourced feature view version: reads its source dataset version, maps
 * every row through the view (entity id from the entity's join keys, event time, features from
 * expressions or columns, dtype-checked; bad rows counted and listed, never fatal), appends new
 * rows to the offline store, writes each changed entity's latest values to the online store
 * (newest wins per feature, TTL), stores the features' statistics and moves the watermark.
 *
 * One PostgreSQL transaction per run, under a per-view advisory lock: offline rows, statistics,
 * watermark and run record commit together. The online writes happen just before the commit;
 * should the commit fail, the online store holds values the offline store lacks until the retry,
 * which writes the same values again (newest-wins makes that harmless). The reverse order could
 * leave a committed watermark with online writes missing, which an incremental retry would never
 * repair.
 */
@Injectable()
export class MaterializationService {
  private readonly logger = new Logger(MaterializationService.name);

  constructor(
    private readonly views: FeatureViewsService,
    private readonly entities: EntitiesService,
    private readonly reader: DatasetReader,
    private readonly log: OfflineFeatureLog,
    private readonly repository: MaterializationRepository,
    private readonly statistics: FeatureStatisticsRepository,
    @Inject(OnlineFeatureWriter) private readonly online: OnlineFeatureWriter,
    private readonly publisher: EventPublisher,
  ) {}

  /** The gRPC request as a command (proto's empty string and 0 mean "default"). */
  static command(request: grpc.MaterializeRequest, createdBy: string): MaterializeCommand {
    return {
      view: parseOrThrow(ResourceNameSchema, request.view, 'feature view name', ['view']),
      mode: parseOrThrow(MaterializationModeSchema, request.mode || 'incremental', 'mode', ['mode']),
      ...(request.version ? { version: request.version } : {}),
      createdBy,
    };
  }

  async materialize(tenantId: string, command: MaterializeCommand): Promise<MaterializationReport> {
    const source = await this.compile(tenantId, command);
    const startedAt = new Date();
    const runId = randomUUID();
    const report = await this.log.transaction(async (tx) => {
      await this.log.lockView(tx, tenantId, source.view);
      const mark = await this.repository.watermark(tx, tenantId, source.view, source.version);
      const sameSource = mark !== null && mark.datasetName === source.dataset.name;
      const base = { view: source.view, version: source.version, mode: command.mode, datasetVersion: source.dataset, errors: [], runId };
      if (command.mode === 'incremental' && sameSource && mark.datasetVersion >= source.dataset.version) {
        const upToDate: MaterializationReport = { ...base, rowsRead: 0, rowsWritten: 0, entitiesUpdated: 0, skipped: {}, watermark: mark.eventTime.toISOString(), upToDate: true };
        await this.record(tx, tenantId, upToDate, command, startedAt);
        return upToDate;
      }
      const pass = new MaterializationPass(source, command.mode === 'incremental' && sameSource ? mark.eventTime.getTime() : -Infinity);
      let rowsWritten = 0;
      const updated = new Set<string>();
      for await (const batch of this.reader.readRows(tenantId, source.dataset.name, source.dataset.version, { batchSize: READ_BATCH })) {
        const inserted = await this.log.appendMissing(tx, tenantId, source.view, pass.add(batch));
        rowsWritten += inserted.length;
        for (const entityId of inserted) updated.add(entityId);
      }
      await this.writeOnline(pass.onlineWrites(tenantId, Date.now()));
      const entitiesUpdated = updated.size;
      if (pass.validRows > 0) {
        await this.statistics.save(tx, tenantId, { view: source.view, viewVersion: source.version, datasetName: source.dataset.name, datasetVersion: source.dataset.version, rows: pass.validRows, features: pass.statistics() });
      }
      const previous = mark?.eventTime.getTime() ?? null;
      const newest = pass.maxEventTime === null ? previous : Math.max(pass.maxEventTime, previous ?? -Infinity);
      if (newest !== null) {
        await this.repository.saveWatermark(tx, tenantId, source.view, source.version, { datasetName: source.dataset.name, datasetVersion: source.dataset.version, eventTime: new Date(newest) });
      }
      const done: MaterializationReport = {
        ...base,
        rowsRead: pass.rowsRead,
        rowsWritten,
        entitiesUpdated,
        skipped: pass.skipped,
        watermark: newest === null ? null : new Date(newest).toISOString(),
        upToDate: false,
        errors: pass.errors,
      };
      await this.record(tx, tenantId, done, command, startedAt);
      return done;
    });
    if (report.rowsWritten > 0) await this.announce(tenantId, report);
    return report;
  }

  /** The view version against its source dataset version: 400 naming what cannot be materialized. */
  private async compile(tenantId: string, command: MaterializeCommand): Promise<ViewSource> {
    const view = await this.views.getView(tenantId, command.view, command.version);
    const kind = view.source?.kind;
    if (kind?.$case !== 'dataset') {
      throw new StreamSourcedViewException(view.name, view.version, kind?.value ?? '');
    }
    const { joinKeys } = await this.entities.require(tenantId, view.entity);
    const datasetVersion = kind.value.version || (await this.reader.latestVersion(tenantId, kind.value.name));
    const described = await this.reader.describe(tenantId, kind.value.name, datasetVersion);
    return compileViewSource(view, joinKeys, { name: kind.value.name, version: datasetVersion, columns: described.columns });
  }

  /** Pipelined, a batch per round trip. */
  private async writeOnline(writes: Iterable<OnlineWrite>): Promise<void> {
    let batch: OnlineWrite[] = [];
    for (const write of writes) {
      batch.push(write);
      if (batch.length === ONLINE_BATCH) {
        await this.online.write(batch);
        batch = [];
      }
    }
    await this.online.write(batch);
  }

  private record(tx: OfflineTransaction, tenantId: string, report: MaterializationReport, command: MaterializeCommand, startedAt: Date): Promise<void> {
    return this.repository.recordRun(tx, {
      id: report.runId,
      tenantId,
      view: report.view,
      viewVersion: report.version,
      mode: report.mode,
      datasetName: report.datasetVersion.name,
      datasetVersion: report.datasetVersion.version,
      rowsRead: report.rowsRead,
      rowsWritten: report.rowsWritten,
      entitiesUpdated: report.entitiesUpdated,
      skipped: report.skipped,
      upToDate: report.upToDate,
      watermark: report.watermark ? new Date(report.watermark) : null,
      createdBy: command.createdBy,
      startedAt,
    });
  }

  /**
   * The run is committed whatever Kafka says: a failed announcement is logged, not turned into a
   * failed materialization the caller would retry for nothing.
   */
  private async announce(tenantId: string, report: MaterializationReport): Promise<void> {
    try {
      await this.publisher.publish(FeaturesMaterialized, {
        tenantId,
        payload: {
          runId: report.runId,
          view: report.view,
          viewVersion: report.version,
          mode: report.mode,
          dataset: report.datasetVersion.name,
          datasetVersion: report.datasetVersion.version,
          rowsWritten: report.rowsWritten,
          entitiesUpdated: report.entitiesUpdated,
          watermark: report.watermark,
        },
      });
    } catch (err) {
      this.logger.error({ err, tenantId, view: report.view, runId: report.runId }, 'features.materialized could not be published');
    }
  }
}
