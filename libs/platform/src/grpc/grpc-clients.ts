import type { Provider } from '@nestjs/common';
import { Metadata as MetadataKeys } from '@foresight/contracts';
import { ClientError, createChannel, createClientFactory, Metadata, type Channel, type CallOptions, type ClientMiddleware, type CompatServiceDefinition, type Client } from 'nice-grpc';
import { deadlineMiddleware } from 'nice-grpc-client-middleware-deadline';
import { openTelemetryClientMiddleware } from 'nice-grpc-opentelemetry';
import { HealthDefinition } from 'nice-grpc-server-health';
import { APP_CONFIG } from '../config/load-config';
import { currentContext } from '../context/request-context';
import { fromClientError } from '../errors/wire-error';

/** Passes the request's tenant and id to the callee, unless the caller set them itself. */
const contextPropagation: ClientMiddleware = async function* (call, options: CallOptions) {
  const ctx = currentContext();
  const metadata = Metadata(options.metadata);
  if (ctx?.tenantId && !metadata.has(MetadataKeys.TenantId)) metadata.set(MetadataKeys.TenantId, ctx.tenantId);
  if (ctx?.requestId && !metadata.has(MetadataKeys.RequestId)) metadata.set(MetadataKeys.RequestId, ctx.requestId);
  if (ctx?.subject && !metadata.has(MetadataKeys.Subject)) metadata.set(MetadataKeys.Subject, ctx.subject);
  return yield* call.next(call.request, { ...options, metadata });
};

/** Turns a callee's gRPC status back into the domain error it raised. */
const domainErrors = (service: string): ClientMiddleware =>
  async function* (call, options) {
    try {
      return yield* call.next(call.request, options);
    } catch (error) {
      if (error instanceof ClientError) throw fromClientError(error, service);
      throw error;
    }
  };

export interface GrpcClientOptions {
  /** Service name for error messages ("prediction-serving is unavailable"). */
  service: string;
  address: string;
  deadlineMs: number;
}

/** A typed client of a generated service with tracing, context propagation, deadline and error mapping. */
export function createGrpcClient<D extends CompatServiceDefinition>(definition: D, options: GrpcClientOptions, channel?: Channel): Client<D> {
  const ch = channel ?? createChannel(options.address);
  // nice-grpc: the middleware attached last is the outermost. Domain errors see everything,
  // including the deadline's DEADLINE_EXCEEDED; the span covers the whole call.
  return createClientFactory()
    .use(deadlineMiddleware)
    .use(contextPropagation)
    .use(openTelemetryClientMiddleware())
    .use(domainErrors(options.service))
    .create(definition, ch, { '*': { deadline: options.deadlineMs } });
}

/** Asks a service's standard gRPC health endpoint whether it is ready. */
export async function checkGrpcHealth(channel: Channel, timeoutMs = 1500): Promise<void> {
  const client = createClientFactory().use(deadlineMiddleware).create(HealthDefinition, channel);
  const { status } = await client.check({ service: '' }, { deadline: timeoutMs });
  if (status !== 1) throw new Error('service reports NOT_SERVING');
}

/**
 * A Nest provider of a typed client, its address and deadline read from the app's config.
 * `addressOf` picks the config variable (e.g. `c => c.MODEL_REGISTRY_GRPC`).
 */
export function grpcClientProvider<D extends CompatServiceDefinition, C extends { UPSTREAM_TIMEOUT_MS: number }>(
  token: symbol,
  definition: D,
  service: string,
  addressOf: (config: C) => string,
): Provider {
  return {
    provide: token,
    inject: [APP_CONFIG],
    useFactory: (config: C): Client<D> =>
      createGrpcClient(definition, { service, address: addressOf(config), deadlineMs: config.UPSTREAM_TIMEOUT_MS }),
  };
}
