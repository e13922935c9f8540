import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line and downstream call of one request carries. Set by the HTTP middleware,
 * the gRPC server middleware and the Kafka consumer; read by the logger and gRPC clients.
 */
export interface RequestContext {
  requestId: string;
  tenantId?: string;
  subject?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

export const currentContext = (): RequestContext | undefined => storage.getStore();

/** Adds the authenticated tenant to the current request's context (after the auth guard ran). */
export const bindTenant = (tenantId: string, subject?: string): void => {
  const ctx = storage.getStore();
  if (ctx) {
    ctx.tenantId = tenantId;
    if (subject) ctx.subject = subject;
  }
};
