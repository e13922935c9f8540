import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';
import { APP_CONFIG } from '../config/load-config';
import { currentContext } from '../context/request-context';
import { activeTraceIds } from '../telemetry/trace-context';

interface LoggingConfig {
  LOG_LEVEL: string;
  LOG_PRETTY: boolean;
}

/** Fields every log line gets: the request, tenant and trace it belongs to. */
const contextFields = () => {
  const ctx = currentContext();
  const ids = activeTraceIds();
  return {
    ...(ctx?.requestId ? { requestId: ctx.requestId } : {}),
    ...(ctx?.tenantId ? { tenantId: ctx.tenantId } : {}),
    ...(ids.traceId ? { traceId: ids.traceId, spanId: ids.spanId } : {}),
  };
};

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.token',
  '*.password',
  '*.token',
  '*.secret',
];

export function pinoOptions(service: string, config: LoggingConfig): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    base: { service },
    mixin: contextFields,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    ...(config.LOG_PRETTY
      ? { transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } } }
      : {}),
  };
}

/** Structured JSON logging (pino) with request ids, tenant and trace ids on every line. */
@Module({})
export class LoggingModule {
  static forService(service: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: LoggingConfig) => ({
            pinoHttp: pinoOptions(service, config),
            // No pino-http middleware: it halved the request rate. Request fields come from the
            // request context (mixin) and the access line from the HTTP hooks.
            forRoutes: [],
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
