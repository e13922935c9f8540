import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG } from '../config/load-config';
import { GrpcServerHost } from '../grpc/grpc-server';
import { HealthController } from '../health/health.controller';
import { HealthRegistry } from '../health/health.registry';
import { ProblemDetailsFilter } from '../http/problem.filter';
import { KafkaModule } from '../kafka/kafka.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsService } from '../metrics/metrics.service';
import { PrismaModule } from '../prisma/prisma.module';
import { RedisModule } from '../redis/redis.module';
import { stopTelemetry } from '../telemetry/telemetry';

export interface ServiceModuleOptions {
  /** The service name in logs, traces and metrics. */
  name: string;
  /** The app's parsed configuration (see `loadConfig`). */
  config: object;
  kafka?: boolean;
  redis?: boolean;
  prisma?: boolean;
  /** Serve every `@GrpcService` provider on GRPC_PORT. */
  grpcServer?: boolean;
}

@Module({})
class PlatformCoreModule implements OnApplicationShutdown {
  /** Flushes the last spans after every other module has closed. */
  async onApplicationShutdown(): Promise<void> {
    await stopTelemetry();
  }
}

/**
 * Everything a Foresight service stands on: typed config, pino logging, metrics, health, the
 * problem+json filter, and (as asked) Kafka, Redis, Prisma and a gRPC server.
 */
@Module({})
export class PlatformModule {
  static forService(options: ServiceModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        DiscoveryModule,
        LoggingModule.forService(options.name),
        PlatformCoreModule,
        ...(options.kafka ? [KafkaModule.forService(options.name)] : []),
        ...(options.redis ? [RedisModule] : []),
        ...(options.prisma ? [PrismaModule] : []),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        MetricsService,
        HealthRegistry,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ...(options.grpcServer ? [GrpcServerHost] : []),
      ],
      exports: [APP_CONFIG, MetricsService, HealthRegistry],
    };
  }
}
