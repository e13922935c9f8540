import { Injectable } from '@nestjs/common';
import type { EntityDefinition } from '@foresight/contracts';
import { PrismaService } from '@foresight/platform';

/** Entities (`features.entities`). Every query is scoped by tenant. */
@Injectable()
export class EntitiesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the entity unless the name exists; returns the stored row either way. */
  async createIfAbsent(tenantId: string, entity: EntityDefinition) {
    const { count } = await this.prisma.featureEntity.createMany({
      data: [{ tenantId, name: entity.name, joinKeys: entity.joinKeys, description: entity.description }],
      skipDuplicates: true,
    });
    const row = await this.prisma.featureEntity.findUniqueOrThrow({ where: { tenantId_name: { tenantId, name: entity.name } } });
    return { row, created: count === 1 };
  }

  list(tenantId: string) {
    return this.prisma.featureEntity.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
  }

  find(tenantId: string, name: string) {
    return this.prisma.featureEntity.findUnique({ where: { tenantId_name: { tenantId, name } } });
  }
}
