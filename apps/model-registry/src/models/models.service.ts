import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { grpc, ModelLifecycleChanged, ModelSignatureSchema, ResourceNameSchema, TrainingStatisticsSchema, type ModelVersionStatus } from '@foresight/contracts';
import { EventPublisher, parseOrThrow, ValidationException } from '@foresight/platform';
import { z } from 'zod';
import { ArtifactNotFoundException, ModelNotDeployedException, ModelNotFoundException, ModelVersionNotFoundException } from './models.exception';
import { ModelsRepository, type VersionRow, type VersionSummaryRow } from './models.repository';

const RegisterSchema = z.object({
  model: ResourceNameSchema,
  task: z.string().min(1),
  algorithm: z.string().min(1),
  /** A forecaster of a single series takes no input at all; every other model needs at least one. */
  features: z.array(z.string().min(1)),
  featureView: ResourceNameSchema,
  metrics: z.record(z.string(), z.unknown()).default({}),
  trainingJobId: z.string().optional(),
  signature: ModelSignatureSchema.optional(),
  trainingStats: TrainingStatisticsSchema.optional(),
  candidate: z.boolean().default(false),
}).refine((v) => v.task === 'forecast' || v.features.length > 0, { path: ['features'], message: 'needs at least one feature' });

@Injectable()
export class ModelsService {
  constructor(
    private readonly repository: ModelsRepository,
    private readonly events: EventPublisher,
  ) {}

  async register(tenantId: string, request: grpc.RegisterModelVersionRequest): Promise<grpc.ModelVersion> {
    const input = parseOrThrow(
      RegisterSchema,
      { ...request, trainingJobId: request.trainingJobId || undefined, signature: request.signature ?? undefined, trainingStats: request.trainingStats ?? undefined },
      'model version',
    );
    if (request.artifact.byteLength === 0) throw new ValidationException('The artifact is empty', [{ path: 'artifact', message: 'must not be empty' }]);
    const artifactDigest = `sha256:${createHash('sha256').update(request.artifact).digest('hex')}`;
    const { version, deployed } = await this.repository.registerVersion(tenantId, {
      ...input,
      metrics: input.metrics as Record<string, never>,
      signature: input.signature as Record<string, never> | undefined,
      trainingStats: input.trainingStats as Record<string, never> | undefined,
      artifact: request.artifact,
      artifactDigest,
    });
    const base = { model: input.model, version: version.version, artifactDigest, featureView: input.featureView };
    await this.events.publish(ModelLifecycleChanged, { tenantId, payload: { kind: 'version.registered', variant: 'candidate', ...base } });
    if (deployed) {
      await this.events.publish(ModelLifecycleChanged, { tenantId, payload: { kind: 'version.deployed', variant: 'stable', ...base } });
    }
    return toModelVersion(version, deployed ? 'deployed' : statusOf(version));
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
    return versions.map((v) => toModelVersion(v, deployed.has(v.version) ? 'deployed' : statusOf(v)));
  }

  async getVersion(tenantId: string, name: string, number: number): Promise<grpc.ModelVersion> {
    const model = await this.repository.findModel(tenantId, name);
    if (!model) throw new ModelNotFoundException(name);
    const version = Number.isInteger(number) && number > 0 ? await this.repository.findVersion(tenantId, model.id, number) : null;
    if (!version) throw new ModelVersionNotFoundException(name, number);
    const deployments = await this.repository.activeDeployments({ tenantId, model: name });
    const status = deployments.some((d) => d.version === number) ? 'deployed' : statusOf(version);
    return toModelVersion(version, status);
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

const statusOf = (v: VersionSummaryRow): ModelVersionStatus => (v.candidate ? 'candidate' : 'registered');

/** Rows read for a list omit the signature and statistics; a single version carries them. */
function toModelVersion(v: VersionSummaryRow | VersionRow, status: ModelVersionStatus): grpc.ModelVersion {
  const described = 'signature' in v ? v : undefined;
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
    candidate: v.candidate,
    signature: (described?.signature as Record<string, unknown> | null | undefined) ?? undefined,
    trainingStats: (described?.trainingStats as Record<string, unknown> | null | undefined) ?? undefined,
  };
}
