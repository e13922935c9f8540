// OpenTelemetry start-up. Must run before anything it instruments is required, which is why
// apps call it from main.ts through the `@foresight/platform/telemetry` entry point and load
// the rest of the app afterwards.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PrismaInstrumentation } from '@prisma/instrumentation';

let sdk: NodeSDK | undefined;

/**
 * Traces are exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-specific
 * variable) is set; otherwise spans still exist, so trace ids appear in logs and propagate over
 * gRPC and Kafka. gRPC spans come from the nice-grpc middleware in the gRPC module.
 */
export function startTelemetry(serviceName: string): void {
  if (sdk) return;
  const endpoint = process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  // Without an exporter nothing would read the spans, so none are recorded (they cost ~20% of a
  // request's CPU); a tracer provider is still installed so every request gets a trace id in its
  // logs and propagated headers. With an exporter, OTEL_TRACES_SAMPLER applies (default: all).
  const spanProcessors: SpanProcessor[] = [endpoint ? new BatchSpanProcessor(new OTLPTraceExporter()) : new NoopSpanProcessor()];
  sdk = new NodeSDK({
    serviceName,
    spanProcessors,
    ...(endpoint ? {} : { sampler: new AlwaysOffSampler() }),
    // Metrics are Prometheus' (prom-client, /metrics) and logs are pino's: without these empty
    // lists the SDK would also start OTLP metric and log exporters polling a collector that
    // is not there, and record a second set of HTTP metrics on every request.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? '') }),
      // No Express/Nest instrumentation: a span per middleware layer costs more than the request
      // it describes; the HTTP server span (named with the route) is what SREs follow.
      new IORedisInstrumentation({ requireParentSpan: true }),
      new KafkaJsInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
      new PrismaInstrumentation(),
    ],
  });
  sdk.start();
}

/** Flushes pending spans; called on shutdown so the last requests' traces are not lost. */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
