import { Module } from '@nestjs/common';
import { TrainingJobsGrpc } from './training-jobs.grpc';
import { TrainingJobsRepository } from './training-jobs.repository';
import { TrainingJobsService } from './training-jobs.service';

@Module({ providers: [TrainingJobsGrpc, TrainingJobsService, TrainingJobsRepository], exports: [TrainingJobsRepository] })
export class TrainingJobsModule {}
