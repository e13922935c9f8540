import { Injectable } from '@nestjs/common';
import { grpc, ResourceNameSchema, RunsQuerySchema } from '@foresight/contracts';
import { parseOrThrow } from '@foresight/platform';
import { ExperimentNotFoundException } from './experiments.exception';
import { ExperimentsRepository, type RunRow } from './experiments.repository';
import { parseFilter, parseOrderBy } from './run-query';

@Injectable()
export class ExperimentsService {
  constructor(private readonly repository: ExperimentsRepository) {}

  async list(tenantId: string): Promise<grpc.Experiment[]> {
    const experiments = await this.repository.listExperiments(tenantId);
    return experiments.map((e) => ({ name: e.name, runs: e._count.runs, createdAt: e.createdAt.toISOString() }));
  }

  async searchRuns(tenantId: string, request: grpc.SearchRunsRequest): Promise<grpc.SearchRunsResponse> {
    const experiment = parseOrThrow(ResourceNameSchema, request.experiment, 'experiment name', ['experiment']);
    const query = parseOrThrow(
      RunsQuerySchema,
      { ...(request.filter ? { filter: request.filter } : {}), ...(request.orderBy ? { orderBy: request.orderBy } : {}), ...(request.limit ? { limit: request.limit } : {}) },
      'query',
    );
    const filter = parseFilter(query.filter);
    const orderBy = parseOrderBy(query.orderBy);
    if (!(await this.repository.experimentExists(tenantId, experiment))) throw new ExperimentNotFoundException(experiment);
    const runs = await this.repository.searchRuns(tenantId, experiment, filter, orderBy, query.limit);
    return { experiment, runs: runs.map((r) => toRun(experiment, r)) };
  }
}

function toRun(experiment: string, r: RunRow): grpc.Run {
  return {
    id: r.id,
    experiment,
    model: r.model,
    status: r.status,
    algorithm: r.algorithm ?? '',
    params: r.params,
    metrics: r.metrics,
    baseline: r.baseline ?? undefined,
    datasetHash: r.datasetHash ?? '',
    datasetRows: r.datasetRows ?? 0,
    datasetName: r.datasetName ?? '',
    datasetVersion: r.datasetVersion ?? 0,
    features: r.features,
    modelVersion: r.modelVersion ?? 0,
    history: r.history,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? '',
    finishedAt: r.finishedAt?.toISOString() ?? '',
  };
}
