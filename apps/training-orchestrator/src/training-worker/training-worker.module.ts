import { Module } from '@nestjs/common';
import { TrainingJobsModule } from '../training-jobs/training-jobs.module';
import { RegistryClientProvider } from './registry.client';
import { DatasetsClientProvider, TrainingDataLoader } from './training-data';
import { TrainingJobConsumer } from './training-job.consumer';
import { TrainingRunner } from './training-runner.service';

@Module({ imports: [TrainingJobsModule], providers: [RegistryClientProvider, DatasetsClientProvider, TrainingDataLoader, TrainingRunner, TrainingJobConsumer] })
export class TrainingWorkerModule {}
