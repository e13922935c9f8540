import { Module } from '@nestjs/common';
import { ExperimentsController } from './experiments.controller';
import { ExperimentsService } from './experiments.service';
import { TrainingJobsController } from './training-jobs.controller';
import { TrainingJobsService } from './training-jobs.service';

@Module({ controllers: [TrainingJobsController, ExperimentsController], providers: [TrainingJobsService, ExperimentsService] })
export class TrainingModule {}
