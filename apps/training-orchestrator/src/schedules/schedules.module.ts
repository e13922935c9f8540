import { Module } from '@nestjs/common';
import { TrainingJobsModule } from '../training-jobs/training-jobs.module';
import { RetrainingScheduler } from './retraining-scheduler';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';

@Module({ imports: [TrainingJobsModule], providers: [SchedulesRepository, SchedulesService, RetrainingScheduler], exports: [SchedulesService] })
export class SchedulesModule {}
