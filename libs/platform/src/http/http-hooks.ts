import { randomUUID } from 'node:crypto';
import { trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'nestjs-pino';
import { runWithContext } from '../context/request-context';
import type { MetricsService } from '../metrics/metrics.service';

const QUIET = /^\/(health|metrics)/;

declare module 'fastify' {
  interface FastifyRequest {
    foresightSpan?: Span;
  }
}

/** The caller's `x-request-id` when it is sane, else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && header.length > 0 && header.length <= 128 ? header : randomUUID();
}

/**
 * Per-request plumbing, as Fastify hooks: a request context (id; the tenant is added after
 * authentication) that every log line and downstream call of the request carries, the
 * `x-request-id` response header, the HTTP server span named by route template, the duration
 * histogram, and one access-log line per request.
 */
export function installHttpHooks(fastify: FastifyInstance, metrics: MetricsService, logger: Logger): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const requestId = requestIdOf(request.headers['x-request-id']);
    void reply.header('x-request-id', requestId);
    request.foresightSpan = trace.getActiveSpan();
    // Everything after this hook (guards, handlers, gRPC calls) runs inside the context.
    runWithContext({ requestId }, () => done());
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, ms / 1000);
    request.foresightSpan?.setAttribute('http.route', route);
    request.foresightSpan?.updateName(`${request.method} ${route}`);
    if (!QUIET.test(request.url)) {
      logger.log({ method: request.method, route, status: reply.statusCode, ms: Math.round(ms * 100) / 100 }, 'request completed');
    }
    done();
  });
}
