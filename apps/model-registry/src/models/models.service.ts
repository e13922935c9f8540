import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { grpc, ModelLifecycleChanged, ResourceNameSchema } from '@foresight/contracts';
import { EventPublisher, parseOrThrow, ValidationException } from '@foresight/platform';
import { z } from 'zod';
import { ArtifactNotFoundException, ModelNotDeployedException, ModelNotFoundException } from './models.exception';
import { ModelsRepository, type VersionRow } from './models.repository';

const RegisterSchema = z.object({
  model: ResourceNameSchema,
  task: z.string().min(1),
  algorithm: z.string().min(1),
  /** A forecaster of a single series takes no input at all; every other model needs at least one. */
  features: z.array(z.string().min(1)),
  featureView: ResourceNameSchema,
  metrics: z.record(z.string(), z.unknown()).default({}),
  trainingJobId: z.string().optional(),
}).refine((v) => v.task === 'forecast' || v.features.length > 0, { path: ['features'], message: 'needs at least one feature' });

@Injectable()
export class ModelsService {
  constructor(
    private readonly repository: ModelsRepository,
    private readonly events: EventPublisher,
  ) {}

  async register(tenantId: string, request: grpc.RegisterModelVersionRequest): Promise<grpc.ModelVersion> {
    const input = parseOrThrow(RegisterSchema, { ...request, trainingJobId: request.trainingJobId || undefined }, 'model version');
    if (request.artifact.byteLength === 0) throw new ValidationException('The artifact is empty', [{ path: 'artifact', message: 'must not be empty' }]);
    const artifactDigest = `sha256:${createHash('sha256').update(request.artifact).digest('hex')}`;
    const { version, deployed } = await this.repository.registerVersion(tenantId, {
      ...input,
      metrics: input.metrics as Record<string, never>,
      artifact: request.artifact,
      artifactDigest,
    });
    const base = { model: input.model, version: version.version, artifactDigest, featureView: input.featureView };
    await this.events.publish(ModelLifecycleChanged, { tenantId, payload: { kind: 'version.registered', variant: 'candidate', ...base } });
    if (deployed) {
      await this.events.publish(ModelLifecycleChanged, { tenantId, payload: { kind: 'version.deployed', variant: 'stable', ...base } });
    }
    return toModelVersion(version, deployed ? 'deployed' : 'registered');
  }

  async listModels(tenantId: string): Promise<grpc.ModelSummary[]> {
    const models = await this.repository.listModels(tenantId);
    return models.map((m) => ({
      model: m.name,
      task: m.task,
      latestVersion: m.versions[0]?.version ?? 0,
      deployedVersion: m.deployments[0]?.version.version ?? 0,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  async listVersions(tenantId: string, name: string): Promise<grpc.ModelVersion[]> {
    const model = await this.repository.findModel(tenantId, name);
    if (!model) throw new ModelNotFoundException(name);
    const [versions, deployments] = await Promise.all([
      this.repository.listVersions(tenantId, model.id),
      this.repository.activeDeployments({ tenantId, model: name }),
    ]);
    const deployed = new Set(deployments.map((d) => d.version));
    return versions.map((v) => toModelVersion(v, deployed.has(v.version) ? 'deployed' : 'registered'));
  }

  async artifact(tenantId: string, digest: string): Promise<grpc.Artifact> {
    const artifact = await this.repository.findArtifact(tenantId, digest);
    if (!artifact) throw new ArtifactNotFoundException(digest);
    return { digest, content: Buffer.from(artifact.content) };
  }

  async activeDeployment(tenantId: string, model: string): Promise<grpc.ActiveDeployment> {
    const [stable] = await this.repository.activeDeployments({ tenantId, model });
    if (stable) return stable;
    if (!(await this.repository.findModel(tenantId, model))) throw new ModelNotFoundException(model);
    throw new ModelNotDeployedException(model);
  }

  allActiveDeployments(): Promise<grpc.ActiveDeployment[]> {
    return this.repository.activeDeployments();
  }
}

function toModelVersion(v: VersionRow, status: string): grpc.ModelVersion {
  return {
    model: v.model.name,
    version: v.version,
    task: v.task,
    algorithm: v.algorithm,
    artifactDigest: v.artifactDigest,
    artifactSize: v.artifactSize,
    features: v.features,
    featureView: v.featureView,
    metrics: (v.metrics ?? {}) as Record<string, unknown>,
    status,
    createdAt: v.createdAt.toISOString(),
    trainingJobId: v.trainingJobId ?? '',
  };
}
