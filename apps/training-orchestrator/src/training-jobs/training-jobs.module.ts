import { Module } from '@nestjs/common';
import { ExperimentsModule } from '../experiments/experiments.module';
import { TrainingJobsGrpc } from './training-jobs.grpc';
import { TrainingJobsRepository } from './training-jobs.repository';
import { TrainingJobsService } from './training-jobs.service';

@Module({
  imports: [ExperimentsModule],
  providers: [TrainingJobsGrpc, TrainingJobsService, TrainingJobsRepository], exports: [TrainingJobsRepository, TrainingJobsService, ExperimentsModule],
})
export class TrainingJobsModule {}
