import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { createServer, ServerError, Status, type CallContext, type CompatServiceDefinition, type Server } from 'nice-grpc';
import { openTelemetryServerMiddleware } from 'nice-grpc-opentelemetry';
import { HealthDefinition } from 'nice-grpc-server-health';
import { APP_CONFIG } from '../config/load-config';
import { runWithContext } from '../context/request-context';
import { DomainException } from '../errors/domain.exception';
import { toServerError } from '../errors/wire-error';
import { HealthRegistry } from '../health/health.registry';
import { MetricsService } from '../metrics/metrics.service';
import { contextFromMetadata } from './call-context';
import { GRPC_SERVICE } from './grpc-service.decorator';

type Handler = (request: unknown, ctx: CallContext) => Promise<unknown>;

/**
 * The app's gRPC server: every `@GrpcService` provider is bound to its definition, each call
 * runs in a request context (tenant, request id), is timed, and its errors leave as gRPC status
 * codes with the domain error in the details. Also serves the standard gRPC health service.
 */
@Injectable()
export class GrpcServerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('grpc');
  private server?: Server;
  port?: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: { GRPC_PORT: number; HOST: string },
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 }).use(openTelemetryServerMiddleware());
    for (const wrapper of this.discovery.getProviders()) {
      const definition = wrapper.metatype && Reflect.getMetadata(GRPC_SERVICE, wrapper.metatype);
      if (!definition || !wrapper.instance) continue;
      server.add(definition, this.bind(definition as CompatServiceDefinition, wrapper.instance as Record<string, Handler>));
      this.logger.log(`serving ${(definition as { fullName?: string }).fullName ?? 'service'}`);
    }
    server.add(HealthDefinition, {
      check: async () => ({ status: (await this.health.report()).status === 'ok' ? 1 : 2 }),
      // eslint-disable-next-line require-yield
      watch: async function* () {
        throw new ServerError(Status.UNIMPLEMENTED, 'watch is not supported');
      },
    });
    this.port = await server.listen(`${this.config.HOST}:${this.config.GRPC_PORT}`);
    this.server = server;
    this.logger.log(`gRPC listening on ${this.config.HOST}:${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.shutdown();
  }

  private bind(definition: CompatServiceDefinition, instance: Record<string, Handler>): Record<string, Handler> {
    const impl: Record<string, Handler> = {};
    for (const [key, path] of methodPaths(definition)) {
      const handler = instance[key];
      if (typeof handler !== 'function') throw new Error(`${instance.constructor.name} does not implement ${path}`);
      impl[key] = (request, ctx) =>
        runWithContext(contextFromMetadata(ctx), async () => {
          const end = this.metrics.grpcDuration.startTimer({ method: path });
          try {
            const response = await handler.call(instance, request, ctx);
            end({ code: 'OK' });
            return response;
          } catch (error) {
            const serverError = this.toServerError(error, path);
            end({ code: Status[serverError.code] });
            throw serverError;
          }
        });
    }
    return impl;
  }

  private toServerError(error: unknown, path: string): ServerError {
    if (error instanceof DomainException) return toServerError(error);
    if (error instanceof ServerError) return error;
    this.logger.error({ err: error, method: path }, 'unhandled error in gRPC handler');
    return new ServerError(Status.INTERNAL, 'internal error');
  }
}

/** [implementation key, method path] of a ts-proto or nice-grpc service definition. */
function methodPaths(definition: CompatServiceDefinition): [string, string][] {
  if ('methods' in definition && 'fullName' in definition) {
    const ts = definition as { fullName: string; methods: Record<string, { name: string }> };
    return Object.entries(ts.methods).map(([key, m]) => [key, `/${ts.fullName}/${m.name}`]);
  }
  return Object.entries(definition as Record<string, { path: string }>).map(([key, m]) => [key, m.path]);
}
