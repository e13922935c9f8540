import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PredictionLogged, type PayloadOf } from '@foresight/contracts';
import { APP_CONFIG, EventPublisher, MetricsService, type OutgoingEvent } from '@foresight/platform';
import type { Counter } from 'prom-client';
import type { PredictionServingConfig } from '../config/prediction-serving.config';

type Logged = OutgoingEvent<PayloadOf<typeof PredictionLogged>>;

/**
 * Takes the prediction log off the hot path: predictions are queued in memory and sent to Kafka
 * in batches (one produce request per flush). A failed flush keeps its batch and retries with
 * backoff; shutdown drains the queue, so an answered prediction is never missing from the log.
 */
@Injectable()
export class PredictionLogBuffer implements OnApplicationShutdown {
  private readonly logger = new Logger(PredictionLogBuffer.name);
  private queue: Logged[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private failures = 0;
  private readonly pending: Counter<'outcome'>;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: PredictionServingConfig,
  ) {
    this.pending = metrics.counter('prediction_log_events_total', 'Prediction log events by outcome', ['outcome']);
  }

  add(event: Logged): void {
    this.queue.push(event);
    this.pending.labels('queued').inc();
    if (this.queue.length >= this.config.PREDICTION_LOG_MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.config.PREDICTION_LOG_FLUSH_MS);
  }

  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.config.PREDICTION_LOG_MAX_BATCH);
    this.flushing = this.publisher
      .publishMany(PredictionLogged, batch)
      .then(() => {
        this.failures = 0;
        this.pending.labels('published').inc(batch.length);
      })
      .catch((error: unknown) => {
        this.failures++;
        this.queue.unshift(...batch);
        this.logger.error({ err: error, queued: this.queue.length, failures: this.failures }, 'prediction log flush failed; will retry');
      })
      .finally(() => {
        this.flushing = undefined;
        if (this.queue.length > 0) {
          const delay = this.failures > 0 ? Math.min(100 * 2 ** this.failures, 5000) : 0;
          this.timer ??= setTimeout(() => void this.flush(), delay);
        }
      });
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    for (let i = 0; i < 20 && (this.queue.length > 0 || this.flushing); i++) await this.flush();
    clearTimeout(this.timer);
  }
}
