import { Module } from '@nestjs/common';
import { MaterializationController } from './materialization.controller';
import { MaterializationService } from './materialization.service';
import { TrainingSetsController } from './training-sets.controller';

/** The feature store's batch pipelines: materialization, feature statistics, training sets. */
@Module({ controllers: [MaterializationController, TrainingSetsController], providers: [MaterializationService] })
export class MaterializationModule {}
