import { Injectable } from '@nestjs/common';
import type { ExperimentView, grpc, RunsQuery, RunView } from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';

@Injectable()
export class ExperimentsService {
  constructor(private readonly upstreams: Upstreams) {}

  async list(): Promise<ExperimentView[]> {
    const { experiments } = await this.upstreams.experiments.listExperiments({});
    return experiments.map((e) => ({ name: e.name, runs: e.runs, createdAt: e.createdAt }));
  }

  async runs(experiment: string, query: RunsQuery): Promise<{ experiment: string; runs: RunView[] }> {
    const { runs } = await this.upstreams.experiments.searchRuns({ experiment, filter: query.filter ?? '', orderBy: query.orderBy ?? '', limit: query.limit });
    return { experiment, runs: runs.map(toRunView) };
  }
}

function toRunView(r: grpc.Run): RunView {
  return {
    id: r.id,
    experiment: r.experiment,
    model: r.model,
    status: r.status,
    algorithm: r.algorithm || null,
    params: r.params ?? {},
    metrics: (r.metrics ?? {}) as Record<string, number>,
    baseline: (r.baseline as RunView['baseline']) ?? null,
    dataset: { hash: r.datasetHash || null, rows: r.datasetRows || null, ...(r.datasetName ? { name: r.datasetName, version: r.datasetVersion } : {}) },
    features: r.features,
    modelVersion: r.modelVersion || null,
    history: r.history as RunView['history'],
    createdAt: r.createdAt,
    startedAt: r.startedAt || null,
    finishedAt: r.finishedAt || null,
  };
}
