import { Injectable } from '@nestjs/common';
import { PrismaService } from '@foresight/platform';
import type { Prisma } from '@foresight/platform/prisma';

export type LatestViewRow = Prisma.FeatureViewVersionGetPayload<{ include: { view: true } }>;

/**
 * What the streaming aggregator reads of the definitions. Unlike the per-tenant repositories these
 * read across tenants on purpose: one consumer serves every tenant's events and keeps the stream
 * views of all of them in memory (each row and each cached view still carries its tenant).
 */
@Injectable()
export class StreamViewsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Changes whenever a version is added anywhere (versions are append-only), at the cost of one index scan. */
  async definitionsMarker(): Promise<string> {
    const { _count, _max } = await this.prisma.featureViewVersion.aggregate({ _count: { _all: true }, _max: { createdAt: true } });
    return `${_count._all}@${_max.createdAt?.getTime() ?? 0}`;
  }

  /** The latest version of every view whose latest version reads a stream. */
  async latestStreamVersions(): Promise<LatestViewRow[]> {
    const latest = await this.prisma.featureViewVersion.findMany({
      distinct: ['viewId'],
      orderBy: [{ viewId: 'asc' }, { version: 'desc' }],
      include: { view: true },
    });
    return latest.filter((row) => row.sourceStream !== null);
  }

  /** Join keys by `<tenant>/<entity>` for the given tenants. */
  async joinKeys(tenantIds: readonly string[]): Promise<Map<string, string[]>> {
    if (tenantIds.length === 0) return new Map();
    const rows = await this.prisma.featureEntity.findMany({ where: { tenantId: { in: [...tenantIds] } }, select: { tenantId: true, name: true, joinKeys: true } });
    return new Map(rows.map((r) => [`${r.tenantId}/${r.name}`, r.joinKeys]));
  }
}
