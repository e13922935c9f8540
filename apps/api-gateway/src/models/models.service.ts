import { Injectable } from '@nestjs/common';
import type { grpc, ModelSummaryView, ModelVersionView } from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';

@Injectable()
export class ModelsService {
  constructor(private readonly upstreams: Upstreams) {}

  async list(): Promise<ModelSummaryView[]> {
    const { models } = await this.upstreams.registry.listModels({});
    return models.map((m) => ({
      model: m.model,
      task: m.task,
      latestVersion: m.latestVersion,
      deployedVersion: m.deployedVersion || null,
      createdAt: m.createdAt,
    }));
  }

  async versions(model: string): Promise<{ model: string; versions: ModelVersionView[] }> {
    const { versions } = await this.upstreams.registry.listModelVersions({ model });
    return { model, versions: versions.map(toVersionView) };
  }
}

function toVersionView(v: grpc.ModelVersion): ModelVersionView {
  return {
    model: v.model,
    version: v.version,
    task: v.task,
    algorithm: v.algorithm,
    status: v.status,
    features: v.features,
    featureView: v.featureView,
    metrics: v.metrics ?? {},
    artifact: { digest: v.artifactDigest, size: v.artifactSize },
    ...(v.trainingJobId ? { trainingJobId: v.trainingJobId } : {}),
    createdAt: v.createdAt,
  };
}
