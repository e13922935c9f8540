import { Injectable } from '@nestjs/common';
import type { grpc, ModelSignature, ModelSummaryView, ModelVersionStatus, ModelVersionView, TrainingStatistics } from '@foresight/contracts';
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

  /** One version with its signature and training-data statistics (null for versions registered before they existed). */
  async version(model: string, version: number): Promise<ModelVersionView> {
    const v = await this.upstreams.registry.getModelVersion({ model, version });
    return {
      ...toVersionView(v),
      signature: (v.signature as ModelSignature | undefined) ?? null,
      trainingStats: (v.trainingStats as TrainingStatistics | undefined) ?? null,
    };
  }
}

function toVersionView(v: grpc.ModelVersion): ModelVersionView {
  return {
    model: v.model,
    version: v.version,
    task: v.task,
    algorithm: v.algorithm,
    status: v.status as ModelVersionStatus,
    candidate: v.candidate,
    features: v.features,
    featureView: v.featureView,
    metrics: v.metrics ?? {},
    artifact: { digest: v.artifactDigest, size: v.artifactSize },
    ...(v.trainingJobId ? { trainingJobId: v.trainingJobId } : {}),
    createdAt: v.createdAt,
  };
}
