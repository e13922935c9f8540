import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { EntitiesModule } from '../entities/entities.module';
import { FeatureViewsModule } from '../feature-views/feature-views.module';
import { MaterializationModule } from '../materialization/materialization.module';
import { TrainingSetsGrpc } from './training-sets.grpc';
import { TrainingSetsService } from './training-sets.service';

/** Point-in-time correct training sets from the offline store (design: training-sets.service.ts). */
@Module({
  imports: [DatasetsModule, EntitiesModule, FeatureViewsModule, MaterializationModule],
  providers: [TrainingSetsGrpc, TrainingSetsService],
})
export class TrainingSetsModule {}
