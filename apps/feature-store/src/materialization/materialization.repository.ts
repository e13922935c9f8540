import { Injectable } from '@nestjs/common';
import type { MaterializationMode } from '@foresight/contracts';
import type { OfflineTransaction } from './offline-feature-log';

export interface WatermarkRecord {
  datasetName: string;
  datasetVersion: number;
  eventTime: Date;
}

export interface RunRecord {
  id: string;
  tenantId: string;
  view: string;
  viewVersion: number;
  mode: MaterializationMode;
  datasetName: string;
  datasetVersion: number;
  rowsRead: number;
  rowsWritten: number;
  entitiesUpdated: number;
  skipped: Record<string, number>;
  upToDate: boolean;
  watermark: Date | null;
  createdBy: string;
  startedAt: Date;
}

/**
 * Watermarks and runs (`features.materialization_*`), written inside the materialization's
 * transaction (the offline rows, the watermark and the run commit together or not at all).
 */
@Injectable()
export class MaterializationRepository {
  async watermark(tx: OfflineTransaction, tenantId: string, view: string, viewVersion: number): Promise<WatermarkRecord | null> {
    const { rows } = await tx.query<WatermarkRecord>(
      `SELECT "datasetName", "datasetVersion", "eventTime" FROM "features"."materialization_watermarks" WHERE "tenantId" = $1 AND "view" = $2 AND "viewVersion" = $3`,
      [tenantId, view, viewVersion],
    );
    return rows[0] ?? null;
  }

  async saveWatermark(tx: OfflineTransaction, tenantId: string, view: string, viewVersion: number, mark: WatermarkRecord): Promise<void> {
    await tx.query(
      `INSERT INTO "features"."materialization_watermarks" ("tenantId", "view", "viewVersion", "datasetName", "datasetVersion", "eventTime", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT ("tenantId", "view", "viewVersion") DO UPDATE SET "datasetName" = $4, "datasetVersion" = $5, "eventTime" = $6, "updatedAt" = now()`,
      [tenantId, view, viewVersion, mark.datasetName, mark.datasetVersion, mark.eventTime],
    );
  }

  async recordRun(tx: OfflineTransaction, run: RunRecord): Promise<void> {
    await tx.query(
      `INSERT INTO "features"."materialization_runs"
         ("id", "tenantId", "view", "viewVersion", "mode", "datasetName", "datasetVersion", "rowsRead", "rowsWritten", "entitiesUpdated", "skipped", "upToDate", "watermark", "createdBy", "startedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        run.id,
        run.tenantId,
        run.view,
        run.viewVersion,
        run.mode,
        run.datasetName,
        run.datasetVersion,
        run.rowsRead,
        run.rowsWritten,
        run.entitiesUpdated,
        JSON.stringify(run.skipped),
        run.upToDate,
        run.watermark,
        run.createdBy,
        run.startedAt,
      ],
    );
  }
}
