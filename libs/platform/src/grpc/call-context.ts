import { ErrorCode, Metadata as MetadataKeys } from '@foresight/contracts';
import type { CallContext } from 'nice-grpc';
import { currentContext } from '../context/request-context';
import { DomainException } from '../errors/domain.exception';

/** The context of one gRPC call, from the metadata the gateway (or a service) sent. */
export function contextFromMetadata(ctx: CallContext) {
  return {
    requestId: ctx.metadata.get(MetadataKeys.RequestId) ?? 'grpc-' + Math.random().toString(36).slice(2),
    tenantId: ctx.metadata.get(MetadataKeys.TenantId),
    subject: ctx.metadata.get(MetadataKeys.Subject),
  };
}

/** The calling tenant; every tenant-scoped handler starts here. */
export function requireTenant(): string {
  const tenantId = currentContext()?.tenantId;
  if (!tenantId) throw new DomainException(ErrorCode.Unauthenticated, 'The call carries no tenant (x-tenant-id metadata)');
  return tenantId;
}
