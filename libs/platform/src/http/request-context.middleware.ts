import { randomUUID } from 'node:crypto';
import { Injectable, NestMiddleware } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { runWithContext } from '../context/request-context';
import { MetricsService } from '../metrics/metrics.service';

type RequestWithId = Request & { id?: string };

/** Gives each HTTP request an id (the caller's `x-request-id` or a new one) and times it. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: RequestWithId, res: Response, next: NextFunction): void {
    const given = req.headers['x-request-id'];
    req.id ??= typeof given === 'string' && given.length > 0 && given.length <= 128 ? given : randomUUID();
    res.setHeader('x-request-id', req.id);
    const end = this.metrics.httpDuration.startTimer({ method: req.method });
    const span = trace.getActiveSpan();
    res.on('finish', () => {
      const route = `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? ''}` || 'unmatched';
      end({ route, status: String(res.statusCode) });
      // The HTTP server span gets the route template, so traces group by endpoint, not by URL.
      span?.setAttribute('http.route', route);
      span?.updateName(`${req.method} ${route}`);
    });
    runWithContext({ requestId: req.id }, next);
  }
}
