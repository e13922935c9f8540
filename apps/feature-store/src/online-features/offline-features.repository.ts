import { Injectable } from '@nestjs/common';
import { PrismaService } from '@foresight/platform';
import type { FeatureMap } from '@foresight/contracts';

export interface FeatureWrite {
  tenantId: string;
  view: string;
  entityId: string;
  features: FeatureMap;
  eventTime: Date;
}

/** The offline store (PostgreSQL `features` schema): every write, by event time. */
@Injectable()
export class OfflineFeaturesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async append(write: FeatureWrite): Promise<void> {
    await this.prisma.offlineFeatureRow.create({
      data: {
        tenantId: write.tenantId,
        view: write.view,
        entityId: write.entityId,
        features: write.features,
        eventTime: write.eventTime,
      },
    });
  }
}
