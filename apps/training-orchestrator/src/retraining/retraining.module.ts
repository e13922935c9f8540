import { Module } from '@nestjs/common';
import { SchedulesModule } from '../schedules/schedules.module';
import { TrainingJobsModule } from '../training-jobs/training-jobs.module';
import { MonitoringAlertsConsumer } from './monitoring-alerts.consumer';
import { RetrainingPolicyRepository } from './retraining-policy.repository';
import { RetrainingPolicyService } from './retraining-policy.service';
import { RetrainingGrpc } from './retraining.grpc';

/** Automatic retraining: cron schedules (SchedulesModule) and alert policies, over one gRPC service. */
@Module({
  imports: [TrainingJobsModule, SchedulesModule],
  providers: [RetrainingPolicyRepository, RetrainingPolicyService, MonitoringAlertsConsumer, RetrainingGrpc],
})
export class RetrainingModule {}
