import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { TrainingJobRequested } from '@foresight/contracts';
import { APP_CONFIG, EventConsumers, on } from '@foresight/platform';
import type { TrainingOrchestratorConfig } from '../config/training-orchestrator.config';
import { TrainingRunner } from './training-runner.service';

/**
 * Workers of all orchestrator replicas share one consumer group: Kafka spreads jobs across
 * them, and a job whose worker died is redelivered to another (the offset was never committed).
 */
@Injectable()
export class TrainingJobConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly runner: TrainingRunner,
    @Inject(APP_CONFIG) private readonly config: TrainingOrchestratorConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({
      groupId: 'training-orchestrator.workers',
      // A partition this group never committed on must be read from its start: with "latest", a
      // job whose first delivery died with its worker would be skipped for good. Replays are
      // harmless: finished jobs cannot be claimed again.
      fromBeginning: true,
      partitionsConsumedConcurrently: this.config.TRAINING_WORKERS,
      sessionTimeoutMs: this.config.TRAINING_SESSION_TIMEOUT_MS,
      // A worker restarted after a crash must not wait a minute for its dead predecessor; a busy
      // worker that misses the rebalance keeps its job through the lease (see TrainingRunner).
      rebalanceTimeoutMs: this.config.TRAINING_SESSION_TIMEOUT_MS,
      handlers: [on(TrainingJobRequested, (job, ctx) => this.runner.run(job.jobId, ctx.heartbeat))],
    });
  }
}
