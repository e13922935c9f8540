import { Injectable } from '@nestjs/common';
import type { grpc } from '@foresight/contracts';
import { PrismaService } from '@foresight/platform';
import type { Prisma } from '@foresight/platform/prisma';

export interface NewVersion {
  model: string;
  task: string;
  algorithm: string;
  features: string[];
  featureView: string;
  metrics: Prisma.InputJsonObject;
  artifact: Uint8Array;
  artifactDigest: string;
  trainingJobId?: string;
  signature?: Prisma.InputJsonObject;
  trainingStats?: Prisma.InputJsonObject;
  candidate: boolean;
}

export type VersionRow = Prisma.ModelVersionGetPayload<{ include: { model: true } }>;
export type VersionSummaryRow = Omit<VersionRow, 'signature' | 'trainingStats'>;

export type ActiveDeploymentRow = grpc.ActiveDeployment;

/** The registry's tables (`registry` schema). Every query is scoped by tenant. */
@Injectable()
export class ModelsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores the artifact (once per digest), the next version number and, for a model that has
   * no deployment yet, its first (stable) deployment — unless the version is a candidate, which
   * only a person deploys — all in one transaction. The model row is locked so concurrent
   * registrations get consecutive versions.
   */
  async registerVersion(tenantId: string, v: NewVersion): Promise<{ version: VersionRow; deployed: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const model = await tx.registeredModel.upsert({
        where: { tenantId_name: { tenantId, name: v.model } },
        create: { tenantId, name: v.model, task: v.task },
        update: {},
      });
      await tx.$queryRaw`SELECT id FROM registry.models WHERE id = ${model.id}::uuid FOR UPDATE`;
      await tx.artifact.createMany({
        data: [{ tenantId, digest: v.artifactDigest, content: Buffer.from(v.artifact), size: v.artifact.byteLength }],
        skipDuplicates: true,
      });
      const last = await tx.modelVersion.aggregate({ where: { modelId: model.id }, _max: { version: true } });
      const version = await tx.modelVersion.create({
        data: {
          tenantId,
          modelId: model.id,
          version: (last._max.version ?? 0) + 1,
          task: v.task,
          algorithm: v.algorithm,
          features: v.features,
          featureView: v.featureView,
          metrics: v.metrics,
          artifactDigest: v.artifactDigest,
          artifactSize: v.artifact.byteLength,
          trainingJobId: v.trainingJobId ?? null,
          ...(v.signature ? { signature: v.signature } : {}),
          ...(v.trainingStats ? { trainingStats: v.trainingStats } : {}),
          candidate: v.candidate,
        },
        include: { model: true },
      });
      if (v.candidate) return { version, deployed: false };
      const hasDeployment = await tx.deployment.count({ where: { tenantId, modelId: model.id, active: true } });
      if (hasDeployment === 0) {
        await tx.deployment.create({ data: { tenantId, modelId: model.id, versionId: version.id, variant: 'stable', weight: 100 } });
      }
      return { version, deployed: hasDeployment === 0 };
    });
  }

  listModels(tenantId: string) {
    return this.prisma.registeredModel.findMany({
      where: { tenantId },
      orderBy: { name: 'asc' },
      include: {
        versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true } },
        deployments: { where: { active: true, variant: 'stable' }, include: { version: { select: { version: true } } } },
      },
    });
  }

  findModel(tenantId: string, name: string) {
    return this.prisma.registeredModel.findUnique({ where: { tenantId_name: { tenantId, name } } });
  }

  /** Without the signature and statistics, which can be large: the single-version read has them. */
  listVersions(tenantId: string, modelId: string): Promise<VersionSummaryRow[]> {
    return this.prisma.modelVersion.findMany({
      where: { tenantId, modelId },
      orderBy: { version: 'asc' },
      omit: { signature: true, trainingStats: true },
      include: { model: true },
    });
  }

  findVersion(tenantId: string, modelId: string, version: number): Promise<VersionRow | null> {
    return this.prisma.modelVersion.findFirst({ where: { tenantId, modelId, version }, include: { model: true } });
  }

  findArtifact(tenantId: string, digest: string) {
    return this.prisma.artifact.findUnique({ where: { tenantId_digest: { tenantId, digest } } });
  }

  async activeDeployments(where: { tenantId?: string; model?: string } = {}): Promise<ActiveDeploymentRow[]> {
    const rows = await this.prisma.deployment.findMany({
      where: { active: true, ...(where.tenantId ? { tenantId: where.tenantId } : {}), ...(where.model ? { model: { name: where.model } } : {}) },
      include: { model: { select: { name: true } }, version: { select: { version: true, artifactDigest: true, featureView: true } } },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((d) => ({
      tenantId: d.tenantId,
      model: d.model.name,
      version: d.version.version,
      variant: d.variant,
      artifactDigest: d.version.artifactDigest,
      featureView: d.version.featureView,
    }));
  }
}
