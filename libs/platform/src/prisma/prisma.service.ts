import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG } from '../config/load-config';
import { HealthRegistry } from '../health/health.registry';
import { PrismaClient } from './generated/client';

/**
 * The Prisma client over the pg driver adapter (no native query engine on these machines).
 * Each service's repositories use only their own schema's models.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: { DATABASE_URL: string }, health: HealthRegistry) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL, max: 10 }) });
    health.register('postgres', () => this.$queryRaw`SELECT 1`);
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
