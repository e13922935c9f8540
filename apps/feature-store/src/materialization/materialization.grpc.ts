import { grpc, type MaterializationReport } from '@foresight/contracts';
import { currentContext, GrpcService, requireTenant } from '@foresight/platform';
import { FeatureStatisticsService } from '../feature-statistics/feature-statistics.service';
import { MaterializationService } from './materialization.service';

@GrpcService(grpc.MaterializationServiceDefinition)
export class MaterializationGrpc implements grpc.MaterializationServiceImplementation {
  constructor(
    private readonly materialization: MaterializationService,
    private readonly statistics: FeatureStatisticsService,
  ) {}

  async materialize(request: grpc.MaterializeRequest): Promise<grpc.MaterializationReport> {
    const tenantId = requireTenant();
    const command = MaterializationService.command(request, currentContext()?.subject ?? 'unknown');
    return toWireReport(await this.materialization.materialize(tenantId, command));
  }

  async getFeatureStatistics(request: grpc.GetFeatureStatisticsRequest): Promise<grpc.FeatureStatistics> {
    return this.statistics.get(requireTenant(), request.view, request.version);
  }
}

function toWireReport(r: MaterializationReport): grpc.MaterializationReport {
  return {
    view: r.view,
    version: r.version,
    mode: r.mode,
    dataset: r.datasetVersion.name,
    datasetVersion: r.datasetVersion.version,
    rowsRead: r.rowsRead,
    rowsWritten: r.rowsWritten,
    entitiesUpdated: r.entitiesUpdated,
    skipped: r.skipped as Record<string, number>,
    watermark: r.watermark ?? '',
    upToDate: r.upToDate,
    errors: r.errors,
    runId: r.runId,
  };
}
