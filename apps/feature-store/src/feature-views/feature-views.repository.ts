import { Injectable } from '@nestjs/common';
import type { FeatureServiceDefinition } from '@foresight/contracts';
import { PrismaService } from '@foresight/platform';
import type { Prisma } from '@foresight/platform/prisma';
import type { CheckedFeatureView } from './feature-view-definition';

export type ViewVersionRow = Prisma.FeatureViewVersionGetPayload<{ include: { view: true } }>;

/** Feature views, their versions and feature services (`features` schema). Every query is scoped by tenant. */
@Injectable()
export class FeatureViewsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Appends version n+1 unless the latest version has the same definition hash (then returns it).
   * The view row is locked so concurrent applies get consecutive versions and never duplicate one.
   */
  async applyVersion(tenantId: string, checked: CheckedFeatureView): Promise<{ row: ViewVersionRow; created: boolean }> {
    const { definition } = checked;
    return this.prisma.$transaction(async (tx) => {
      const view = await tx.featureView.upsert({
        where: { tenantId_name: { tenantId, name: definition.name } },
        create: { tenantId, name: definition.name },
        update: {},
      });
      await tx.$queryRaw`SELECT id FROM features.feature_views WHERE id = ${view.id}::uuid FOR UPDATE`;
      const latest = await tx.featureViewVersion.findFirst({ where: { viewId: view.id }, orderBy: { version: 'desc' }, include: { view: true } });
      if (latest?.definitionHash === checked.hash) return { row: latest, created: false };
      const source = definition.source;
      const row = await tx.featureViewVersion.create({
        data: {
          tenantId,
          viewId: view.id,
          version: (latest?.version ?? 0) + 1,
          entity: definition.entity,
          definition: definition as unknown as Prisma.InputJsonObject,
          definitionHash: checked.hash,
          sourceDataset: 'dataset' in source ? source.dataset.name : null,
          sourceDatasetVersion: 'dataset' in source ? (source.dataset.version ?? null) : null,
          sourceStream: 'stream' in source ? source.stream : null,
          ttlMs: BigInt(checked.ttlMs),
        },
        include: { view: true },
      });
      return { row, created: true };
    });
  }

  listViews(tenantId: string) {
    return this.prisma.featureView.findMany({
      where: { tenantId },
      orderBy: { name: 'asc' },
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
  }

  /** Version `version`, or the latest when it is undefined. */
  findVersion(tenantId: string, name: string, version?: number): Promise<ViewVersionRow | null> {
    return this.prisma.featureViewVersion.findFirst({
      where: { tenantId, view: { tenantId, name }, ...(version ? { version } : {}) },
      orderBy: { version: 'desc' },
      include: { view: true },
    });
  }

  listVersions(tenantId: string, name: string): Promise<ViewVersionRow[]> {
    return this.prisma.featureViewVersion.findMany({ where: { tenantId, view: { tenantId, name } }, orderBy: { version: 'asc' }, include: { view: true } });
  }

  /** Every version of every view, for re-mirroring definitions into Redis. */
  allVersions(): Promise<ViewVersionRow[]> {
    return this.prisma.featureViewVersion.findMany({ orderBy: [{ tenantId: 'asc' }, { viewId: 'asc' }, { version: 'asc' }], include: { view: true } });
  }

  async createServiceIfAbsent(tenantId: string, service: FeatureServiceDefinition) {
    const { count } = await this.prisma.featureService.createMany({
      data: [{ tenantId, name: service.name, features: service.features, description: service.description }],
      skipDuplicates: true,
    });
    const row = await this.prisma.featureService.findUniqueOrThrow({ where: { tenantId_name: { tenantId, name: service.name } } });
    return { row, created: count === 1 };
  }

  listServices(tenantId: string) {
    return this.prisma.featureService.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
  }

  findService(tenantId: string, name: string) {
    return this.prisma.featureService.findUnique({ where: { tenantId_name: { tenantId, name } } });
  }

  allServices() {
    return this.prisma.featureService.findMany({ orderBy: { tenantId: 'asc' } });
  }
}
