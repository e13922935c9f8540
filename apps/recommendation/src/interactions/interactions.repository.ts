import { Injectable } from '@nestjs/common';
import { PrismaService } from '@foresight/platform';

export interface InteractionRecord {
  id: string;
  tenantId: string;
  userId: string;
  itemId: string;
  type: string;
  occurredAt: Date;
}

/** The durable interaction log (`recommendation` schema); idempotent on the interaction id. */
@Injectable()
export class InteractionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async append(interaction: InteractionRecord): Promise<void> {
    await this.prisma.interaction.createMany({ data: [interaction], skipDuplicates: true });
  }
}
