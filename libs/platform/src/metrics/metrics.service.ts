import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The app's Prometheus registry and the metrics every service shares. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_server_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  readonly grpcDuration = new Histogram({
    name: 'grpc_server_duration_seconds',
    help: 'gRPC handling duration by method and status code',
    labelNames: ['method', 'code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });

  readonly kafkaConsumed = new Counter({
    name: 'kafka_messages_consumed_total',
    help: 'Kafka messages handled by topic and outcome (ok, retried, dead_lettered)',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly info = new Gauge({
    name: 'foresight_service_info',
    help: 'Static facts about this process (value is always 1)',
    labelNames: ['service', 'key', 'value'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records a fact (e.g. the ML backend) as an info metric. */
  setInfo(service: string, key: string, value: string): void {
    this.info.labels(service, key, value).set(1);
  }

  /** A histogram or counter owned by a feature, registered on this app's registry. */
  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets?: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
