import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@foresight/platform';
import { StreamAggregator } from './stream-aggregator.service';
import type { StreamingConfig } from './streaming.config';

/**
 * Re-reads slid windows into the online store every FEATURE_STREAM_REFRESH_MS: what bounds how long
 * an online aggregate can lag its window after a bucket boundary when no event arrives.
 */
@Injectable()
export class WindowRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WindowRefresher.name);
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly aggregator: StreamAggregator,
    @Inject(APP_CONFIG) private readonly config: StreamingConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.FEATURE_STREAMS.length === 0) return;
    this.timer = setInterval(() => this.tick(), this.config.FEATURE_STREAM_REFRESH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }

  /** Skipped while the previous refresh is still running, so refreshes never pile up. */
  private tick(): void {
    if (this.inFlight) return;
    this.inFlight = this.aggregator
      .refreshDue()
      .then(
        () => undefined,
        (err) => this.logger.warn({ err }, 'refreshing slid windows failed'),
      )
      .finally(() => (this.inFlight = null));
  }
}
