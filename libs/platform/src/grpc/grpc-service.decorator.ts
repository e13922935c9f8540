import { SetMetadata } from '@nestjs/common';
import type { CompatServiceDefinition } from 'nice-grpc';

export const GRPC_SERVICE = Symbol('GRPC_SERVICE');

/**
 * Marks a provider as the implementation of a generated service definition; the gRPC server
 * finds it at start-up. Its methods are the definition's methods (camelCase).
 */
export const GrpcService = (definition: CompatServiceDefinition): ClassDecorator => SetMetadata(GRPC_SERVICE, definition);
