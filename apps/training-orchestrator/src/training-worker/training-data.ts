import { Inject, Injectable } from '@nestjs/common';
import { grpc, MAX_DATASET_ROWS_PAGE, Metadata as MetadataKeys, type TrainingJobRequest } from '@foresight/contracts';
import { APP_CONFIG, grpcClientProvider } from '@foresight/platform';
import { MlInputError, MlInputErrorCode } from '@foresight/ml';
import { Metadata, type Client } from 'nice-grpc';
import type { TrainingOrchestratorConfig } from '../config/training-orchestrator.config';

export const DATASETS_CLIENT = Symbol('DATASETS_CLIENT');
export type DatasetsClient = Client<typeof grpc.DatasetServiceDefinition>;

export const DatasetsClientProvider = grpcClientProvider(
  DATASETS_CLIENT,
  grpc.DatasetServiceDefinition,
  'feature-store',
  (config: TrainingOrchestratorConfig) => config.FEATURE_STORE_GRPC,
);

/** The rows a job trains on, and where they came from (recorded on the run). */
export interface TrainingData {
  rows: Record<string, unknown>[];
  /** Set when the rows are a feature-store dataset version. */
  source?: { name: string; version: number; contentHash: string };
}

/**
 * Resolves a job's dataset: inline rows as sent, or a feature-store dataset version read page by
 * page. A reference without a version takes the latest when the job RUNS (so a schedule retrains
 * on the newest data) and the run records the version it got.
 */
@Injectable()
export class TrainingDataLoader {
  constructor(
    @Inject(DATASETS_CLIENT) private readonly datasets: DatasetsClient,
    @Inject(APP_CONFIG) private readonly config: Pick<TrainingOrchestratorConfig, 'TRAINING_MAX_ROWS'>,
  ) {}

  async load(tenantId: string, dataset: TrainingJobRequest['dataset']): Promise<TrainingData> {
    if (dataset.rows) return { rows: dataset.rows };
    const options = { metadata: Metadata({ [MetadataKeys.TenantId]: tenantId }) };
    const version = await this.datasets.getDatasetVersion({ name: dataset.name!, version: dataset.version ?? 0 }, options);
    if (version.rows > this.config.TRAINING_MAX_ROWS) {
      throw new MlInputError(
        MlInputErrorCode.InvalidParameter,
        'dataset',
        `dataset "${version.name}" version ${version.version} has ${version.rows} rows; a training job may read at most ${this.config.TRAINING_MAX_ROWS} (TRAINING_MAX_ROWS)`,
      );
    }
    const rows: Record<string, unknown>[] = [];
    for (let offset = 0; offset < version.rows; offset += MAX_DATASET_ROWS_PAGE) {
      const page = await this.datasets.readDatasetRows({ name: version.name, version: version.version, limit: MAX_DATASET_ROWS_PAGE, offset }, options);
      rows.push(...page.rows);
    }
    return { rows, source: { name: version.name, version: version.version, contentHash: version.contentHash } };
  }
}
